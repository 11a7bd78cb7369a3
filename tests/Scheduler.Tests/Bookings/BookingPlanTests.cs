using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>
/// A citizen's booking on a database shaped like a year (PostgreSQL): the free times, booking, finding
/// it by its link or by number, moving, a new plan after a STOP, cancelling, and the retention job
/// that erases it later, read no national-size table whole (<see cref="QueryPlans"/>).
/// </summary>
public sealed class BookingPlanTests() : BookingTestBase(DatabaseProvider.Postgres)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ShapeLikeAYearAsync();
    }

    [Fact]
    public async Task Listing_booking_finding_moving_replanning_and_cancelling_read_no_national_table_whole()
    {
        var plans = new QueryPlans();
        async Task<T> With<T>(Func<BookingService, Task<T>> act)
        {
            await using var db = Database.NewContext(plans);
            return await act(NewService(db));
        }

        await With(s => s.AvailabilityAsync(Calendar.Today(Clock.GetCurrentInstant()), 21, Domain.Language.Nl));
        var done = Assert.IsType<BookingOutcome.Done>(await With(s => s.BookAsync(Input(TestClock.Brussels(2026, 12, 3, 14), "0470 43 00 01"))));
        Assert.NotNull(await With(s => s.FindAsync(done.Booking.Reference, done.ManageToken)));
        Assert.NotNull(await With(s => s.FindByPhoneAsync(done.Booking.Reference, done.Booking.PhoneE164)));
        Assert.IsType<BookingOutcome.Done>(await With(s => s.MoveAsync(done.Booking.Reference, done.ManageToken, SlotTimes.Format(TestClock.Brussels(2026, 12, 3, 15), Calendar.Zone))));
        await With(s => s.ReplanAsync(done.Booking.PhoneE164));
        Assert.IsType<BookingOutcome.Done>(await With(s => s.CancelAsync(done.Booking.Reference, done.ManageToken)));
        Assert.IsType<BookingOutcome.Done>(await With(s => s.CancelByTextAsync("+32470420010")));

        Assert.NotEmpty(plans.Plans);
        Assert.Empty(plans.SeqScans());
    }

    [Fact]
    public async Task The_retention_job_finds_what_to_erase_without_reading_a_national_table_whole()
    {
        var plans = new QueryPlans();
        Clock.Reset(TestClock.Brussels(2027, 1, 20, 3));
        await EndTheDaysAsync();
        await using (var db = Database.NewContext(plans))
        {
            await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }

        Assert.NotEmpty(plans.Plans);
        Assert.Empty(plans.SeqScans());
    }
}
