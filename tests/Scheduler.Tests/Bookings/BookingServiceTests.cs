using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>The booking rules against a real database; run once per provider by the classes below.</summary>
public abstract class BookingServiceTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    [Fact]
    public async Task A_booking_is_stored_with_its_seat_and_found_again_with_its_token()
    {
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 11 22 33") with { Name = "Jan", Needs = new NeedsInput { Hearing = true, Proxy = true, ProxyName = "Els", ProxyPhone = "0470 99 88 77" } }));

        await using var db = Database.NewContext();
        var found = await NewService(db).FindAsync(done.Booking.Reference.ToLowerInvariant(), done.ManageToken);
        Assert.NotNull(found);
        Assert.Equal("+32470112233", found.PhoneE164);
        Assert.Equal(PhoneKind.Mobile, found.PhoneKind);
        Assert.Equal(Wednesday10, found.SlotStart);
        Assert.True(found.Needs.Hearing);
        Assert.Equal("Els", found.Needs.Proxy!.Name);
        Assert.Equal("+32470998877", found.Needs.Proxy.Phone.E164);
        Assert.Equal(1, await db.SeatClaims.CountAsync(c => c.BookingId == found.Id && c.SlotStart == Wednesday10));
        Assert.NotEqual(done.ManageToken, found.ManageTokenHash);
    }

    // On PostgreSQL a new booking is written by the seat ledger's own batch, not by a save
    // (decision 0039): every column, a complex type's too, must come back as the booking was made.
    [Fact]
    public async Task A_new_booking_reads_back_with_every_field_it_was_made_with_and_its_messages()
    {
        var input = Input(Wednesday10, "0470 11 22 35", "fr") with
        {
            Name = "Anne",
            Email = "anne@example.org",
            Needs = new NeedsInput
            {
                Hearing = true, MoreTime = true, JointReturn = true, PartnerName = "Luc",
                Proxy = true, ProxyName = "Els", ProxyPhone = "0470 99 88 76", ProxyTakesCall = true,
            },
        };
        var made = Assert.IsType<BookingOutcome.Done>(await BookAsync(input)).Booking;

        await using var db = Database.NewContext();
        var stored = await db.Bookings.AsNoTracking().SingleAsync();
        Assert.Equal(
            (made.Id, made.Reference, made.ManageTokenHash, made.SlotStart, made.SlotEnd, made.PhoneE164, made.PhoneKind, made.Name, made.Email),
            (stored.Id, stored.Reference, stored.ManageTokenHash, stored.SlotStart, stored.SlotEnd, stored.PhoneE164, stored.PhoneKind, stored.Name, stored.Email));
        Assert.Equal(
            (made.Language, made.Status, made.Sequence, made.CallCode, made.FrontEnd, made.CreatedAt, made.UpdatedAt, made.CancelledAt, made.QueuedAt),
            (stored.Language, stored.Status, stored.Sequence, stored.CallCode, stored.FrontEnd, stored.CreatedAt, stored.UpdatedAt, stored.CancelledAt, stored.QueuedAt));
        Assert.Equal(made.Needs, stored.Needs);
        Assert.Equal("Els", stored.Needs.Proxy!.Name);
        Assert.Equal(ContactPlanJson.Write(made.Plan), ContactPlanJson.Write(stored.Plan));
        Assert.Equal(
            Calendar.Run(Wednesday10, made.SlotCount)!.Select(s => s.Start),
            await db.SeatClaims.Where(c => c.BookingId == made.Id && c.Language == Language.Fr).OrderBy(c => c.SlotStart).Select(c => c.SlotStart).ToListAsync());
        var messages = await db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == made.Id).ToListAsync();
        Assert.Contains(messages, m => m.Kind == MessageKind.Confirmation);
        Assert.All(messages, m => Assert.Equal((DeliveryStatus.Queued, made.Sequence), (m.Status, m.BookingSequence)));
        Assert.Equal(
            Signal.Messages.Select(m => (m.Id, m.Kind, m.Channel, m.Recipient, m.To, m.DueAt)).Order(),
            messages.Select(m => (m.Id, m.Kind, m.Channel, m.Recipient, m.To, m.DueAt)).Order());
    }

    [Fact]
    public async Task A_wrong_token_finds_nothing()
    {
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 11 22 34")));
        await using var db = Database.NewContext();
        Assert.Null(await NewService(db).FindAsync(done.Booking.Reference, "not-the-token"));
        Assert.Null(await NewService(db).FindAsync(done.Booking.Reference, null));
    }

    [Fact]
    public async Task Invalid_input_lists_every_field_and_stores_nothing()
    {
        var outcome = await BookAsync(new BookingInput { SlotStart = "yesterday", Phone = "12", Language = "xx", Email = "not-an-email" });
        var invalid = Assert.IsType<BookingOutcome.Invalid>(outcome);
        Assert.Equal(new[] { "email", "language", "phone", "slotStart" }, invalid.Errors.Select(e => e.Field).Order());
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.Bookings.CountAsync());
    }

    [Fact]
    public async Task A_full_slot_is_refused_with_the_next_free_times()
    {
        await SetSeatsAsync(Wednesday10, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 01")));
        var full = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 00 00 02")));
        Assert.Equal(3, full.Alternatives.Count);
        Assert.All(full.Alternatives, a => Assert.True(a.Slot.Start > Wednesday10 && a.SeatsLeft > 0));
    }

    // A full slot at the end of the horizon has nothing after it: the alternatives are the earliest
    // free times from today, read today first, then a week at a time (not the whole horizon at once).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_full_last_slot_of_the_horizon_offers_the_earliest_free_times_from_today(bool todayFull)
    {
        IReadOnlyList<SlotAvailability> open;
        await using (var db = Database.NewContext())
        {
            open = await NewService(db).AvailabilityAsync(Calendar.Today(Clock.GetCurrentInstant()), 40, Language.Nl);
        }
        var last = open[^1].Slot.Start;
        var closedHours = new List<Instant> { last };
        if (todayFull)
        {
            closedHours.AddRange(open.Where(a => a.Slot.Start < Clock.GetCurrentInstant() + Duration.FromDays(1)).Select(a => a.Slot.Start));
        }
        foreach (var slot in closedHours)
        {
            await SetSeatsAsync(slot, 0);
        }
        var closed = closedHours.Select(h => h.InZone(Calendar.Zone).LocalDateTime).Select(t => (t.DayOfWeek, t.Hour)).ToHashSet();
        var expected = open
            .Where(a => !closed.Contains((a.Slot.Start.InZone(Calendar.Zone).DayOfWeek, a.Slot.Start.InZone(Calendar.Zone).Hour)))
            .Take(3).Select(a => a.Slot.Start).ToList();

        var full = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(last, "0470 00 00 21")));

        Assert.Equal(expected, full.Alternatives.Select(a => a.Slot.Start));
        Assert.Equal(todayFull, expected[0] >= Clock.GetCurrentInstant() + Duration.FromDays(1));
    }

    // The booking row goes in before its seat claim, in the same save: the claim's refusal must take
    // the row and its confirmation back with it (on PostgreSQL the save is one implicit transaction).
    [Fact]
    public async Task A_booking_refused_for_a_full_slot_leaves_no_booking_row_seat_claim_or_message()
    {
        await SetSeatsAsync(Wednesday10, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 11")));

        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 00 00 12")));

        await using var db = Database.NewContext();
        Assert.Equal(["+32470000011"], await db.Bookings.Select(b => b.PhoneE164).ToListAsync());
        Assert.Equal(1, await db.SeatClaims.CountAsync());
        Assert.Equal(0, await db.OutboundMessages.CountAsync(m => m.To == "+32470000012"));
    }

    [Fact]
    public async Task A_second_booking_for_the_same_number_is_refused_until_the_first_is_cancelled()
    {
        var first = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 03")));
        Assert.IsType<BookingOutcome.PhoneAlreadyBooked>(await BookAsync(Input(Wednesday11, "+32470000003")));

        await using (var db = Database.NewContext())
        {
            Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(first.Booking.Reference, first.ManageToken));
        }
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday11, "0470 00 00 03")));
    }

    [Fact]
    public async Task Moving_frees_the_old_seat_and_takes_a_new_one()
    {
        await SetSeatsAsync(Wednesday10, 1);
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 04")));
        await using (var db = Database.NewContext())
        {
            var moved = Assert.IsType<BookingOutcome.Done>(
                await NewService(db).MoveAsync(done.Booking.Reference, done.ManageToken, SlotTimes.Format(Wednesday11, SlotCalendar.Brussels)));
            Assert.Equal(Wednesday11, moved.Booking.SlotStart);
            Assert.Equal(1, moved.Booking.Sequence);
        }
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 05")));
        await using var check = Database.NewContext();
        Assert.Equal(2, await check.SeatClaims.CountAsync());
    }

    [Fact]
    public async Task A_booking_can_be_moved_with_its_reference_only_from_its_own_phone_number()
    {
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 11")));
        var target = SlotTimes.Format(Wednesday11, SlotCalendar.Brussels);
        await using (var db = Database.NewContext())
        {
            Assert.IsType<BookingOutcome.NotFound>(await NewService(db).MoveByPhoneAsync(done.Booking.Reference, "+32470000012", target));
            Assert.IsType<BookingOutcome.NotFound>(await NewService(db).MoveByPhoneAsync("ZZZZZZ", "+32470000011", target));
        }
        await using (var db = Database.NewContext())
        {
            var moved = Assert.IsType<BookingOutcome.Done>(await NewService(db).MoveByPhoneAsync(done.Booking.Reference, "+32470000011", target));
            Assert.Equal(Wednesday11, moved.Booking.SlotStart);
        }
    }

    [Fact]
    public async Task Moving_to_a_full_slot_keeps_the_booking_where_it_was()
    {
        await SetSeatsAsync(Wednesday11, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday11, "0470 00 00 06")));
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 07")));
        await using var db = Database.NewContext();
        Assert.IsType<BookingOutcome.SlotFull>(
            await NewService(db).MoveAsync(done.Booking.Reference, done.ManageToken, SlotTimes.Format(Wednesday11, SlotCalendar.Brussels)));
        await using var check = Database.NewContext();
        Assert.Equal(Wednesday10, (await check.Bookings.SingleAsync(b => b.Id == done.Booking.Id)).SlotStart);
        Assert.Equal(Wednesday10, (await check.SeatClaims.SingleAsync(c => c.BookingId == done.Booking.Id)).SlotStart);
    }

    [Fact]
    public async Task Cancelling_frees_the_seat_and_a_second_cancel_is_refused()
    {
        await SetSeatsAsync(Wednesday10, 1);
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 08")));
        await using (var db = Database.NewContext())
        {
            var cancelled = Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(done.Booking.Reference, done.ManageToken));
            Assert.Equal(BookingStatus.Cancelled, cancelled.Booking.Status);
        }
        await using (var db = Database.NewContext())
        {
            var refused = Assert.IsType<BookingOutcome.Refused>(await NewService(db).CancelAsync(done.Booking.Reference, done.ManageToken));
            Assert.Equal("Error.Booking.NotActive", refused.MessageKey);
        }
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 09")));
    }

    [Fact]
    public async Task A_call_with_an_interpreter_holds_a_seat_in_two_consecutive_slots_and_stores_its_plan()
    {
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 31") with { Needs = new NeedsInput { OtherLanguage = true, OtherLanguageName = "Arabic" } }));
        await using var db = Database.NewContext();
        var claims = await db.SeatClaims.Where(c => c.BookingId == done.Booking.Id).OrderBy(c => c.SlotStart).ToListAsync();
        Assert.Equal([Wednesday10, TestClock.Brussels(2026, 12, 2, 10, 15)], claims.Select(c => c.SlotStart));
        var stored = await db.Bookings.SingleAsync(b => b.Id == done.Booking.Id);
        Assert.Equal(Domain.Contact.CallbackMode.VoiceWithInterpreter, stored.Plan.Callback.Value);
        Assert.Equal("Arabic", stored.Plan.InterpreterLanguage);
        Assert.Contains(stored.Plan.Slots.Reasons, r => r.RuleId == "slots.double-for-interpreter");
        Assert.Equal(TestClock.Brussels(2026, 12, 2, 10, 30), stored.SlotEnd);
    }

    [Fact]
    public async Task A_long_call_is_refused_when_its_second_slot_is_full()
    {
        await SetSeatsAsync(Wednesday10, 1);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(TestClock.Brussels(2026, 12, 2, 10, 15), "0470 00 00 32")));
        var full = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 00 00 33") with { Needs = new NeedsInput { MoreTime = true } }));
        Assert.Equal(TestClock.Brussels(2026, 12, 2, 10, 30), full.Alternatives[0].Slot.Start);
        await using var db = Database.NewContext();
        Assert.Equal(1, await db.Bookings.CountAsync());
    }

    [Fact]
    public async Task Nobody_reachable_is_not_booked_and_says_what_to_do()
    {
        var outcome = await BookAsync(Input(Wednesday10, "02 572 57 57") with { Needs = new NeedsInput { Hearing = true } });
        var unreachable = Assert.IsType<BookingOutcome.Unreachable>(outcome);
        Assert.Contains(unreachable.Reasons, r => r.RuleId == "callback.unreachable-for-hearing");
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.Bookings.CountAsync());
    }

    [Fact]
    public async Task Changing_needs_replaces_the_plan_and_claims_the_extra_slot()
    {
        var done = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 00 00 34")));
        await using (var db = Database.NewContext())
        {
            var changed = Assert.IsType<BookingOutcome.Done>(await NewService(db).ChangeNeedsAsync(done.Booking.Reference, done.ManageToken, new NeedsInput { MoreTime = true }));
            Assert.Equal(2, changed.Booking.SlotCount);
            Assert.Equal(1, changed.Booking.Sequence);
        }
        await using (var db = Database.NewContext())
        {
            Assert.Equal(2, await db.SeatClaims.CountAsync(c => c.BookingId == done.Booking.Id));
            var back = Assert.IsType<BookingOutcome.Done>(await NewService(db).ChangeNeedsAsync(done.Booking.Reference, done.ManageToken, new NeedsInput()));
            Assert.Equal(1, back.Booking.SlotCount);
        }
        await using var check = Database.NewContext();
        Assert.Equal([Wednesday10], await check.SeatClaims.Where(c => c.BookingId == done.Booking.Id).Select(c => c.SlotStart).ToListAsync());
    }

    [Fact]
    public async Task Availability_counts_the_seats_left_per_slot()
    {
        await SetSeatsAsync(Wednesday10, 2);
        await BookAsync(Input(Wednesday10, "0470 00 00 10"));
        await using var db = Database.NewContext();
        var slots = await NewService(db).AvailabilityAsync(new LocalDate(2026, 12, 2), 1, Domain.Language.Nl);
        Assert.Equal(24, slots.Count);
        Assert.Equal(1, slots.Single(s => s.Slot.Start == Wednesday10).SeatsLeft);
        var longCalls = await NewService(db).AvailabilityAsync(new LocalDate(2026, 12, 2), 1, Domain.Language.Nl, slotCount: 2);
        Assert.Equal(22, longCalls.Count);
        Assert.Equal(1, longCalls.Single(s => s.Slot.Start == TestClock.Brussels(2026, 12, 2, 9, 45)).SeatsLeft);
        Assert.DoesNotContain(longCalls, s => s.Slot.Start == TestClock.Brussels(2026, 12, 2, 11, 45));
        Assert.Equal(CapacityTable.DefaultSeats, slots.Single(s => s.Slot.Start == Wednesday11).SeatsLeft);
    }

    [Fact]
    public async Task Booking_the_last_seat_concurrently_only_one_wins()
    {
        await SetSeatsAsync(Wednesday10, 3);
        const int callers = 40;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(() =>
            BookAsync(Input(Wednesday10, $"0470 10 {i / 100:00} {i % 100:00}")))));

        Assert.Equal(3, outcomes.Count(o => o is BookingOutcome.Done));
        Assert.Equal(callers - 3, outcomes.Count(o => o is BookingOutcome.SlotFull { Alternatives.Count: > 0 }));
        await using var db = Database.NewContext();
        Assert.Equal(3, await db.SeatClaims.CountAsync(c => c.SlotStart == Wednesday10));
        Assert.Equal(3, await db.Bookings.CountAsync(b => b.SlotStart == Wednesday10));
    }

    [Fact]
    public async Task Long_calls_racing_for_the_last_seats_never_overbook_either_slot()
    {
        await SetSeatsAsync(Wednesday10, 3);
        const int callers = 40;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(() =>
            BookAsync(Input(Wednesday10, $"0470 11 {i / 100:00} {i % 100:00}") with { Needs = new NeedsInput { MoreTime = true } }))));

        await using var db = Database.NewContext();
        var perSlot = await db.SeatClaims.GroupBy(c => c.SlotStart).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.All(perSlot, s => Assert.True(s.Count <= 3, $"{s.Key}: {s.Count} seats claimed"));
        Assert.Equal(3, outcomes.Count(o => o is BookingOutcome.Done));
        Assert.Equal(6, await db.SeatClaims.CountAsync());
    }

    [Fact]
    public async Task The_same_number_booking_twice_at_once_gets_one_booking()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            BookAsync(Input(i % 2 == 0 ? Wednesday10 : Wednesday11, "0470 55 55 55")))));
        Assert.Single(outcomes, o => o is BookingOutcome.Done);
        Assert.All(outcomes.Where(o => o is not BookingOutcome.Done), o => Assert.IsType<BookingOutcome.PhoneAlreadyBooked>(o));
        await using var db = Database.NewContext();
        Assert.Equal(1, await db.SeatClaims.CountAsync());
    }
}

public sealed class SqliteBookingServiceTests() : BookingServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresBookingServiceTests() : BookingServiceTests(DatabaseProvider.Postgres);
