using Allo.Domain.Calls;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Calls;

/// <summary>
/// The agents' side on a database shaped like a year (PostgreSQL): what an agent holds is found
/// through the index of held calls, and nothing an agent does reads a national-size table whole
/// (<see cref="QueryPlans"/>). Thousands of agents open the queue all day; a year holds a million bookings.
/// </summary>
public sealed class CallQueuePlanTests() : BookingTestBase(DatabaseProvider.Postgres)
{
    private static readonly Instant Due = TestClock.Wednesday1000 + Duration.FromMinutes(1);
    private Guid _held;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestAgents.AddAsync(Database, "ann", "nl", StaffSkills.None);
        await TestAgents.AddAsync(Database, "bert", "nl", StaffSkills.None);
        await ShapeLikeAYearAsync();
        Clock.Reset(Due);
        var view = await WithQueue(null, async q =>
        {
            await q.EnterDueAsync();
            return await q.ViewAsync("ann");
        });
        _held = view.DueNow[0].Id;
        Assert.Equal(ClaimResult.Claimed, await WithQueue(null, q => q.ClaimAsync(_held, "ann")));
        await QueryPlans.AnalyzeAsync(Database);
    }

    [Fact]
    public async Task The_queue_view_finds_the_agents_own_calls_and_their_colleagues_through_the_index_of_held_calls()
    {
        var plans = new QueryPlans();

        await WithQueue(plans, q => q.ViewAsync("ann"));
        await WithQueue(plans, q => q.ViewAsync("bert"));

        var held = plans.Plans.Where(p => p.Sql.Contains("\"ClaimedBy\" = ", StringComparison.Ordinal) || p.Sql.Contains("\"ClaimedBy\" IS NOT NULL", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(held);
        Assert.All(held, p => Assert.Contains("IX_Bookings_Claimed", p.Plan));
        Assert.Empty(plans.SeqScans());
    }

    [Fact]
    public async Task An_agents_day_and_calendar_feed_read_only_their_own_calls()
    {
        var plans = new QueryPlans();

        await WithQueue(plans, q => q.DayAsync("ann", Calendar.Today(Due)));
        await WithQueue(plans, q => q.FeedAsync("ann"));

        Assert.NotEmpty(plans.Plans);
        Assert.Empty(plans.FullScans());
    }

    [Fact]
    public async Task Claiming_calling_recording_and_closing_the_day_read_no_national_table_whole()
    {
        var plans = new QueryPlans();

        await WithQueue(plans, q => q.DetailsAsync(_held, "ann"));
        await WithQueue(plans, q => q.RecordOutcomeAsync(_held, "ann", CallOutcome.Helped, "Box 1384"));
        var next = (await WithQueue(plans, q => q.ViewAsync("bert"))).DueNow[0].Id;
        await WithQueue(plans, q => q.ClaimAsync(next, "bert"));
        await WithQueue(plans, q => q.ReleaseAsync(next, "bert"));
        await WithQueue(plans, q => q.ReturnClaimsOfDeactivatedAsync("bert"));
        Clock.Reset(TestClock.Brussels(2026, 12, 2, 20));
        await using (var db = Database.NewContext(plans))
        {
            await NewEndOfDay(db).CloseAsync();
        }

        Assert.NotEmpty(plans.Plans);
        Assert.Empty(plans.SeqScans());
    }

    private async Task<T> WithQueue<T>(QueryPlans? plans, Func<CallQueue, Task<T>> act)
    {
        await using var db = plans is null ? Database.NewContext() : Database.NewContext(plans);
        return await act(new CallQueue(db, Clock, new CallPolicy(), Planner, Signal, Calendar, callRouting: new CallRouting(RoutingMode.Overflow)));
    }
}
