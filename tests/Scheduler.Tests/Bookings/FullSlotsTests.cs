using System.Data.Common;
using Allo.Domain;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>The memory of times found full, alone, with a clock the test moves.</summary>
public sealed class FullSlotsMemoryTests
{
    private static readonly Instant Ten = TestClock.Wednesday1000;

    [Fact]
    public void A_time_found_full_is_remembered_in_its_language_until_the_memory_has_passed()
    {
        var clock = TestClock.At(TestClock.Tuesday0800);
        var slots = new FullSlots(clock);

        slots.FoundFull(Ten, Language.Nl);

        Assert.True(slots.WereLatelyFull(Ten, Language.Nl));
        Assert.False(slots.WereLatelyFull(Ten, Language.Fr));
        Assert.False(slots.WereLatelyFull(Ten + Duration.FromMinutes(15), Language.Nl));
        clock.Advance(FullSlots.Memory - Duration.FromMilliseconds(1));
        Assert.True(slots.WereLatelyFull(Ten, Language.Nl));
        clock.Advance(Duration.FromMilliseconds(1));
        Assert.False(slots.WereLatelyFull(Ten, Language.Nl));
    }

    [Fact]
    public void A_time_found_free_is_forgotten_at_once()
    {
        var slots = new FullSlots(TestClock.At(TestClock.Tuesday0800));
        slots.FoundFull(Ten, Language.Nl);

        slots.FoundFree(Ten, Language.Nl);

        Assert.False(slots.WereLatelyFull(Ten, Language.Nl));
    }
}

/// <summary>
/// A booking at a time this node lately found full reads the seats first (decision 0044): the same
/// answers as the write would have given, on each provider (classes at the end).
/// </summary>
public abstract class FullSlotsTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    [Fact]
    public async Task A_refused_time_is_remembered_and_the_next_attempt_there_hears_the_same_alternatives()
    {
        await SetSeatsAsync(Wednesday10, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 60 00 01")));

        var refused = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 60 00 02")));
        Assert.True(FullSlots.WereLatelyFull(Wednesday10, Language.Nl));
        var again = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 60 00 03")));

        Assert.NotEmpty(refused.Alternatives);
        Assert.Equal(refused.Alternatives.Select(a => a.Slot.Start), again.Alternatives.Select(a => a.Slot.Start));
        Assert.Equal(1, await ActiveCallsAsync(Wednesday10));
    }

    [Fact]
    public async Task A_number_that_has_a_booking_hears_already_booked_at_a_time_lately_found_full()
    {
        await SetSeatsAsync(Wednesday11, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 61 00 01")));
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday11, "0470 61 00 02")));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday11, "0470 61 00 03")));
        Assert.True(FullSlots.WereLatelyFull(Wednesday11, Language.Nl));

        Assert.IsType<BookingOutcome.PhoneAlreadyBooked>(await BookAsync(Input(Wednesday11, "0470 61 00 01")));
        Assert.Equal(1, await ActiveCallsAsync(Wednesday11));
    }

    [Fact]
    public async Task A_seat_given_back_at_a_time_lately_found_full_is_booked_at_the_next_attempt_and_the_time_forgotten()
    {
        await SetSeatsAsync(Wednesday10, 1);
        var first = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 62 00 01")));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 62 00 02")));
        await using (var db = Database.NewContext())
        {
            Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(first.Booking.Reference, first.ManageToken));
        }

        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 62 00 03")));
        Assert.False(FullSlots.WereLatelyFull(Wednesday10, Language.Nl));
        Assert.Equal(1, await ActiveCallsAsync(Wednesday10));
    }

    protected static CommandCounter Count(string verb) => new(verb);

    /// <summary>Counts the commands EF Core sends that begin with a verb.</summary>
    protected sealed class CommandCounter(string verb) : DbCommandInterceptor
    {
        public int Sent { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Note(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Note(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Note(DbCommand command) =>
            Sent += command.CommandText.Split(';').Count(s => s.TrimStart().StartsWith(verb, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class SqliteFullSlotsTests() : FullSlotsTests(DatabaseProvider.Sqlite)
{
    // On SQLite a new booking is saved through EF Core, so its inserts can be counted (PostgreSQL sends
    // them as one batch past EF Core's commands); which path is taken does not depend on the provider.
    [Fact]
    public async Task An_attempt_at_a_time_lately_found_full_writes_nothing_where_the_first_refused_one_wrote()
    {
        await SetSeatsAsync(Wednesday10, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 63 00 01")));

        var first = Count("INSERT");
        await using (var db = Database.NewContext(first))
        {
            Assert.IsType<BookingOutcome.SlotFull>(await NewService(db).BookAsync(Input(Wednesday10, "0470 63 00 02")));
        }
        var next = Count("INSERT");
        await using (var db = Database.NewContext(next))
        {
            Assert.IsType<BookingOutcome.SlotFull>(await NewService(db).BookAsync(Input(Wednesday10, "0470 63 00 03")));
        }

        Assert.True(first.Sent > 0);
        Assert.Equal(0, next.Sent);
    }
}

public sealed class PostgresFullSlotsTests() : FullSlotsTests(DatabaseProvider.Postgres);
