using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Options;
using Allo.Scheduler.Privacy;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Managers;

/// <summary>
/// The managers' pages on a database shaped like a year (PostgreSQL): the dashboard of the last weeks,
/// the feedback to review (by agent, by words), the capacity plan and its overfull slots, and the
/// access log by booking and by staff member read no national-size table whole (<see cref="QueryPlans"/>).
/// </summary>
public sealed class ManagerPlanTests() : BookingTestBase(DatabaseProvider.Postgres)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ShapeLikeAYearAsync();
    }

    [Fact]
    public async Task The_dashboard_feedback_review_capacity_and_access_log_read_no_national_table_whole()
    {
        var plans = new QueryPlans();
        var today = Calendar.Today(Clock.GetCurrentInstant());
        await using var db = Database.NewContext(plans);

        await new Dashboard(db, Calendar, Clock).FiguresAsync(today.PlusDays(-28), today, Grouping.Week);
        var review = new FeedbackReview(db, Calendar, new AccessLog(db, Clock));
        await review.ListAsync(new FeedbackFilter { From = today.PlusDays(-14), To = today }, 0, "manager");
        await review.ListAsync(new FeedbackFilter { From = today.PlusDays(-14), To = today, AgentId = "ann", Handled = false }, 0, "manager");
        await review.ListAsync(new FeedbackFilter { From = today.PlusDays(-14), To = today, Search = "patient" }, 0, "manager");
        var planning = new CapacityPlanning(db, Calendar, new SeatLedger(db, Calendar, Clock), Clock);
        await planning.TableAsync();
        await planning.OverfullAsync();
        var log = new AccessLog(db, Clock);
        await log.SearchAsync("ABC123", null, 0);
        await log.SearchAsync(null, "ann", 0);

        Assert.NotEmpty(plans.Plans);
        Assert.Empty(plans.SeqScans());
    }
}
