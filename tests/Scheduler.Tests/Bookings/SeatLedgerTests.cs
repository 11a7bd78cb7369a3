using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>The seat ledger and the database rule behind it, on each provider (classes at the end).</summary>
public abstract class SeatLedgerTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    private CapacityPlanning Planning(AlloDbContext db) => new(db, Calendar, new SeatLedger(db, Calendar, Clock), Clock);

    private async Task<Guid> BookingRowAsync(AlloDbContext db, Instant start, string phone)
    {
        PhoneNumber.TryParse(phone, out var number);
        var booking = Booking.Book(Calendar, start, Clock.GetCurrentInstant(), number!, Domain.Language.Nl, null, null,
            Needs.None, BookingService.PlanFor(Domain.Language.Nl, number!.Kind, false, Needs.None), BookingReference.New(), "hash");
        db.Bookings.Add(booking);
        await db.SaveChangesAsync();
        return booking.Id;
    }

    private async Task<BookingOutcome> CancelAsync(BookingOutcome.Done done)
    {
        await using var db = Database.NewContext();
        return await NewService(db).CancelAsync(done.Booking.Reference, done.ManageToken);
    }

    [Fact]
    public async Task The_database_refuses_a_claim_beyond_the_slots_seats_whatever_code_inserts_it()
    {
        await SetSeatsAsync(Wednesday10, 1);
        await using var db = Database.NewContext();
        db.SeatClaims.Add(new SeatClaim { SlotStart = Wednesday10, BookingId = await BookingRowAsync(db, Wednesday10, "0470 00 00 01") });
        await db.SaveChangesAsync();

        // Straight through EF Core, past the ledger.
        db.SeatClaims.Add(new SeatClaim { SlotStart = Wednesday10, BookingId = await BookingRowAsync(db, Wednesday10, "0470 00 00 02") });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(SeatLedger.LostRace(refused));
        db.ChangeTracker.Clear();

        // And as plain SQL, the way an operator with a SQL prompt would.
        var third = await BookingRowAsync(db, Wednesday10, "0470 00 00 03");
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "SeatClaims" ("SlotStart", "BookingId") VALUES ({Wednesday10.ToDateTimeUtc()}, {third})"""));
        Assert.Equal(1, await ActiveCallsAsync(Wednesday10));
    }

    [Fact]
    public async Task A_claim_on_a_time_that_has_no_seats_written_is_refused()
    {
        var sunday = TestClock.Brussels(2026, 12, 6, 10);
        await using var db = Database.NewContext();
        db.SeatClaims.Add(new SeatClaim { SlotStart = sunday, BookingId = await BookingRowAsync(db, Wednesday10, "0470 00 00 04") });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(SeatLedger.LostRace(refused));
        Assert.Equal(0, await db.SeatClaims.CountAsync());
    }

    [Fact]
    public async Task A_seat_claim_cannot_be_moved_to_another_slot_by_an_update()
    {
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 05")));
        await SetSeatsAsync(Wednesday11, 0);
        await using var db = Database.NewContext();
        await Assert.ThrowsAnyAsync<Exception>(() => db.SeatClaims.Where(c => c.BookingId == done.Booking.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SlotStart, Wednesday11)));
        Assert.Equal(Wednesday10, (await db.SeatClaims.SingleAsync(c => c.BookingId == done.Booking.Id)).SlotStart);
    }

    [Fact]
    public async Task After_extra_agents_are_removed_a_slot_holding_as_many_calls_as_seats_refuses_three_more_bookings()
    {
        // The audit's case: two extra agents on Wednesday, six bookings, two cancelled, the extra agents removed.
        var adjustment = CapacityAdjustment.AddAgents(new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 2), 2, Languages.All, "Busy week", Clock.GetCurrentInstant());
        await using (var db = Database.NewContext())
        {
            await Planning(db).AddAsync(adjustment);
        }
        var booked = new List<BookingOutcome.Done>();
        for (var i = 0; i < 6; i++)
        {
            booked.Add(Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, $"0470 10 00 0{i}"))));
        }
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 10 00 99")));
        Assert.IsType<BookingOutcome.Done>(await CancelAsync(booked[0]));
        Assert.IsType<BookingOutcome.Done>(await CancelAsync(booked[1]));
        await using (var db = Database.NewContext())
        {
            await Planning(db).RemoveAsync(adjustment.Id);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, $"0470 10 01 0{i}")));
        }
        Assert.Equal(4, await ActiveCallsAsync(Wednesday10));
    }

    [Fact]
    public async Task A_slot_cut_below_its_calls_takes_no_new_call_until_cancellations_bring_it_under_its_seats()
    {
        var booked = new List<BookingOutcome.Done>();
        for (var i = 0; i < 4; i++)
        {
            booked.Add(Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, $"0470 20 00 0{i}"))));
        }
        await SetSeatsAsync(Wednesday10, 2);
        await using (var db = Database.NewContext())
        {
            var overfull = Assert.Single(await Planning(db).OverfullAsync());
            Assert.Equal((Wednesday10, 2, 4), (overfull.Slot.Start, overfull.Seats, overfull.Taken));
        }

        Assert.IsType<BookingOutcome.Done>(await CancelAsync(booked[0]));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 20 01 00")));
        Assert.IsType<BookingOutcome.Done>(await CancelAsync(booked[1]));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 20 01 01")));
        Assert.IsType<BookingOutcome.Done>(await CancelAsync(booked[2]));
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 20 01 02")));
        Assert.Equal(2, await ActiveCallsAsync(Wednesday10));
    }

    [Fact]
    public async Task Raising_capacity_frees_seats_for_the_next_booking_at_once()
    {
        await SetSeatsAsync(Wednesday10, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 30 00 00")));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 30 00 01")));

        await SetSeatsAsync(Wednesday10, 2);

        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 30 00 02")));
        await using var db = Database.NewContext();
        var slots = await NewService(db).AvailabilityAsync(new LocalDate(2026, 12, 2), 1, Domain.Language.Nl);
        Assert.Equal(0, slots.Single(s => s.Slot.Start == Wednesday10).SeatsLeft);
    }

    [Fact]
    public async Task A_move_into_an_over_full_slot_is_refused_and_leaves_the_booking_where_it_was()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, $"0470 40 00 0{i}")));
        }
        var mover = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday11, "0470 40 00 09")));
        await SetSeatsAsync(Wednesday10, 2);
        await using (var db = Database.NewContext())
        {
            Assert.IsType<BookingOutcome.SlotFull>(await NewService(db).MoveAsync(mover.Booking.Reference, mover.ManageToken, SlotTimes.Format(Wednesday10, Calendar.Zone)));
        }
        await using var check = Database.NewContext();
        var stored = await check.Bookings.SingleAsync(b => b.Id == mover.Booking.Id);
        Assert.Equal((Wednesday11, 0), (stored.SlotStart, stored.Sequence));
        Assert.Equal([Wednesday11], await check.SeatClaims.Where(c => c.BookingId == mover.Booking.Id).Select(c => c.SlotStart).ToListAsync());
        Assert.Equal(3, await ActiveCallsAsync(Wednesday10));
    }

    [Fact]
    public async Task A_day_that_has_just_come_within_the_horizon_gets_its_seats_at_the_first_look()
    {
        var lastDay = TestClock.Tuesday0800.InZone(Calendar.Zone).Date.PlusDays(Calendar.Hours.HorizonDays);
        var slot = Calendar.SlotsOn(lastDay).First();
        Clock.Advance(Duration.FromDays(1));
        await using var db = Database.NewContext();
        var loads = await new SeatLedger(db, Calendar, Clock).LoadsAsync([slot], null);
        Assert.Equal(CapacityTable.DefaultSeats, loads[slot.Start].Seats);
    }

    [Fact]
    public async Task A_booking_on_a_day_that_has_just_come_within_the_horizon_is_booked_once_its_seats_are_written()
    {
        var lastDay = TestClock.Tuesday0800.InZone(Calendar.Zone).Date.PlusDays(Calendar.Hours.HorizonDays);
        var slot = Calendar.SlotsOn(lastDay).First();
        Clock.Advance(Duration.FromDays(1));
        await using (var unwritten = Database.NewContext())
        {
            // As on a day whose seats nobody has written yet: the database refuses the first claim.
            await unwritten.SlotLanguageSeats.Where(s => s.SlotStart == slot.Start).ExecuteDeleteAsync();
            await unwritten.SlotSeats.Where(s => s.SlotStart == slot.Start).ExecuteDeleteAsync();
        }

        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(slot.Start, "0470 40 00 01")));
        Assert.Equal(1, await ActiveCallsAsync(slot.Start));
        await using var db = Database.NewContext();
        Assert.Equal(CapacityTable.DefaultSeats, (await db.SlotSeats.SingleAsync(s => s.SlotStart == slot.Start)).Seats);
    }

    [Fact]
    public async Task A_number_that_has_a_booking_hears_already_booked_even_when_the_time_it_asks_for_is_full()
    {
        await SetSeatsAsync(Wednesday11, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 40 00 02")));
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday11, "0470 40 00 03")));

        Assert.IsType<BookingOutcome.PhoneAlreadyBooked>(await BookAsync(Input(Wednesday11, "0470 40 00 02")));
        Assert.Equal(1, await ActiveCallsAsync(Wednesday11));
    }
}

public sealed class SqliteSeatLedgerTests() : SeatLedgerTests(DatabaseProvider.Sqlite);

public sealed class PostgresSeatLedgerTests() : SeatLedgerTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Forty_concurrent_bookings_on_a_slot_left_over_full_by_a_cut_add_none()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, $"0470 50 00 0{i}")));
        }
        await SetSeatsAsync(Wednesday10, 2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => BookAsync(Input(Wednesday10, $"0470 51 00 {i:00}")))));

        Assert.All(outcomes, o => Assert.IsType<BookingOutcome.SlotFull>(o));
        await using var db = Database.NewContext();
        Assert.Equal(4, await db.SeatClaims.CountAsync(c => c.SlotStart == Wednesday10));
    }

    [Fact]
    public async Task Concurrent_bookings_and_a_capacity_cut_never_leave_more_new_calls_than_the_seats_allowed()
    {
        // Forty bookers race a manager who cuts the slot from four seats to one: the slot ends
        // with at most four calls, and with at most one if the cut committed before any booking.
        var bookers = Enumerable.Range(0, 40).Select(i => Task.Run(() => BookAsync(Input(Wednesday10, $"0470 52 00 {i:00}")))).ToList();
        var cut = Task.Run(() => SetSeatsAsync(Wednesday10, 1));
        var outcomes = await Task.WhenAll(bookers);
        await cut;

        var done = outcomes.Count(o => o is BookingOutcome.Done);
        Assert.InRange(done, 1, 4);
        Assert.Equal(done, await ActiveCallsAsync(Wednesday10));
        Assert.All(outcomes, o => Assert.True(o is BookingOutcome.Done or BookingOutcome.SlotFull, o.ToString()));
    }
}
