using Allo.Domain.Slots;
using Xunit;
using Allo.Scheduler.Bookings;
using Allo.Domain.Calls;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.TestSupport;

/// <summary>
/// A fresh database per test, the services on it with a clock the test controls, and the helpers
/// booking tests share (inputs, capacity, booking through the service). The call-queue, text and
/// manager tests build on it too, so the set-up of a scheduler test is written once.
/// </summary>
public abstract class BookingTestBase(DatabaseProvider provider) : IAsyncLifetime
{
    protected static readonly SlotCalendar Calendar = TestCalendar.Default;
    protected readonly FakeClock Clock = TestClock.At(TestClock.Tuesday0800);
    protected readonly RecordingSignal Signal = new();
    protected MessagingSettings Settings = new();
    protected TestDatabase Database = null!;

    /// <summary>What the application keeps once per process, kept once per test: the times found full.</summary>
    protected FullSlots FullSlots => _fullSlots ??= new FullSlots(Clock);

    private FullSlots? _fullSlots;

    // Wednesday 2 December 2026, 10:00 in Brussels.
    protected static readonly Instant Wednesday10 = TestClock.Wednesday1000;
    protected static readonly Instant Wednesday11 = TestClock.Brussels(2026, 12, 2, 11);

    /// <summary>Creates the database; a class that seeds more overrides this and calls it first.</summary>
    public virtual async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(provider);

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();

    protected MessagePlanner Planner => new(Settings, Calendar);

    protected BookingService NewService(AlloDbContext db) => TestBookings.Service(db, Clock, Signal, Settings, Calendar, fullSlots: FullSlots);

    protected CallQueue NewQueue(AlloDbContext db) => new(db, Clock, new CallPolicy(), Planner, Signal, Calendar);

    protected EndOfDay NewEndOfDay(AlloDbContext db, EndOfDayPolicy policy = EndOfDayPolicy.Message) =>
        new(db, Clock, Calendar, NewQueue(db), Planner, Signal, NewService(db), new EndOfDaySettings(policy),
            new Scheduler.Waitlist.WaitlistService(db, Calendar, Clock, Planner, Signal, NewService(db)));

    /// <summary>The end-of-day job at the clock's time: every call of a day that has ended is closed, as long before the retention job comes.</summary>
    protected async Task<int> EndTheDaysAsync()
    {
        await using var db = Database.NewContext();
        return await NewEndOfDay(db).CloseAsync();
    }

    protected static BookingInput Input(Instant start, string phone, string language = "nl") => new()
    {
        SlotStart = SlotTimes.Format(start, SlotCalendar.Brussels),
        Phone = phone,
        Language = language,
    };

    protected Task SetSeatsAsync(Instant slot, int agents) => Database.SetAgentsAsync(slot, agents, Clock);

    /// <summary>The calls holding a seat in the slot, as the seat ledger counts them.</summary>
    protected async Task<int> ActiveCallsAsync(Instant slot)
    {
        await using var db = Database.NewContext();
        return await db.SeatClaims.CountAsync(c => c.SlotStart == slot);
    }

    /// <summary>
    /// Three dozen bookings, four an hour from 9:00, Wednesday to Friday, each with its confirmation,
    /// reminders and heads-up: an outbox filled as a few days of bookings fill it.
    /// </summary>
    /// <summary>For the plan tests: the database shaped like a year (<see cref="QueryPlans"/>), three dozen bookings of the test's own, and fresh statistics.</summary>
    protected async Task ShapeLikeAYearAsync(string phonePrefix = "0470 42 00")
    {
        await QueryPlans.ShapeLikeAYearAsync(Database, Clock.GetCurrentInstant());
        await BookThreeDozenAsync(phonePrefix);
        await QueryPlans.AnalyzeAsync(Database);
    }

    protected async Task BookThreeDozenAsync(string phonePrefix)
    {
        for (var i = 0; i < 36; i++)
        {
            var slot = TestClock.Brussels(2026, 12, 2 + (i / 12), 9 + (i % 12 / 4), 15 * (i % 4));
            Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(slot, $"{phonePrefix} {i:00}")));
        }
    }

    protected async Task<BookingOutcome> BookAsync(BookingInput input)
    {
        await using var db = Database.NewContext();
        return await NewService(db).BookAsync(input);
    }
}
