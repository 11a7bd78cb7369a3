using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Waitlist;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>
/// The waitlist on a database shaped like a year (PostgreSQL): joining, the sweep that offers a freed
/// seat, a yes or no by text and leaving read no national-size table whole (<see cref="QueryPlans"/>).
/// </summary>
public sealed class WaitlistPlanTests() : WaitlistTestBase(DatabaseProvider.Postgres)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await QueryPlans.ShapeLikeAYearAsync(Database, Clock.GetCurrentInstant());
        await QueryPlans.AnalyzeAsync(Database);
    }

    [Fact]
    public async Task Joining_being_offered_a_seat_answering_and_leaving_read_no_national_table_whole()
    {
        var plans = new QueryPlans();
        async Task<T> With<T>(Func<Scheduler.Waitlist.WaitlistService, Task<T>> act)
        {
            await using var db = Database.NewContext(plans);
            return await act(NewWaitlist(db));
        }

        foreach (var phone in new[] { "0470 91 00 01", "0470 91 00 02" })
        {
            Assert.IsType<JoinOutcome.Joined>(await With(w => w.JoinAsync(Phone(phone), Language.Nl, null, null, Needs.None, Wednesday, Wednesday, DayParts.Morning)));
        }
        await CancelAsync(Booked[0]);
        Assert.Equal(1, await With(w => w.SweepAsync()));
        await With(w => w.AnsweringOfferAsync(Phone("0470 91 00 01").E164));
        await With(w => w.AcceptByPhoneAsync(Phone("0470 91 00 01").E164));
        await With(w => w.DeclineByPhoneAsync(Phone("0470 91 00 02").E164));
        await With(w => w.InLineAsync(Phone("0470 91 00 02").E164));
        await With(w => w.LeaveByPhoneAsync(Phone("0470 91 00 02").E164));

        Assert.Contains(plans.Plans, p => p.Plan.Contains("IX_WaitlistEntries_PhoneE164_JoinedAt", StringComparison.Ordinal));
        Assert.Empty(plans.SeqScans());
    }
}
