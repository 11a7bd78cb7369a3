using Allo.Domain.Slots;
using Xunit;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using NodaTime;
using NodaTime.Testing;

namespace Allo.TestSupport;

/// <summary>
/// A fresh database per test, the booking service on it with a clock the test controls, and the
/// helpers booking tests share (inputs, capacity, booking through the service).
/// </summary>
public abstract class BookingTestBase(DatabaseProvider provider) : IAsyncLifetime
{
    protected static readonly SlotCalendar Calendar = new(OpeningHours.Default, SlotCalendar.Brussels);
    protected readonly FakeClock Clock = TestClock.At(TestClock.Tuesday0800);
    protected TestDatabase Database = null!;

    // Wednesday 2 December 2026, 10:00 in Brussels.
    protected static readonly Instant Wednesday10 = TestClock.Brussels(2026, 12, 2, 10);
    protected static readonly Instant Wednesday11 = TestClock.Brussels(2026, 12, 2, 11);

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected readonly RecordingSignal Signal = new();

    protected BookingService NewService(AlloDbContext db) => new(db, Calendar, Clock, new Scheduler.Messaging.MessagePlanner(new Scheduler.Messaging.MessagingSettings(), Calendar), Signal);

    protected static BookingInput Input(Instant start, string phone, string language = "nl") => new()
    {
        SlotStart = SlotTimes.Format(start, SlotCalendar.Brussels),
        Phone = phone,
        Language = language,
    };

    protected Task SetSeatsAsync(Instant slot, int agents) => Database.SetAgentsAsync(slot, agents, Clock);

    protected async Task<BookingOutcome> BookAsync(BookingInput input)
    {
        await using var db = Database.NewContext();
        return await NewService(db).BookAsync(input);
    }
}
