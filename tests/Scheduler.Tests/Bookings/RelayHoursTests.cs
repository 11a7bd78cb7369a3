using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>
/// With a relay service configured (open 10:00 to 14:00, calls of at most 30 minutes), a deaf citizen
/// with a landline and an email address is called through it: the free times every front end offers are
/// only those when the relay is open for the whole call, and booking or moving outside them is refused.
/// </summary>
public abstract class RelayHoursTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    private static readonly LocalDate Wednesday = new(2026, 12, 2);

    private static RelayService Relay(int maxCallMinutes = 30) => new(
        new PhoneNumber("+3225725757", PhoneKind.Landline), new DailyHours(new LocalTime(10, 0), new LocalTime(14, 0)), maxCallMinutes, maxCallMinutes / 15);

    private BookingService Service(AlloDbContext db, RelayService? relay) => TestBookings.Service(db, Clock, Signal, Settings, Calendar, relay);

    private static BookingInput DeafWithLandline(Instant start, string phone = "02 572 57 61") => Input(start, phone, "fr") with
    {
        Email = "paul@example.be",
        Needs = new NeedsInput { Hearing = true },
    };

    private static LocalTime At(Instant instant) => instant.InZone(SlotCalendar.Brussels).TimeOfDay;

    [Fact]
    public async Task Relay_calls_are_offered_only_where_the_whole_call_lies_within_the_relays_hours_and_other_calls_at_every_opening_time()
    {
        await using var db = Database.NewContext();
        var service = Service(db, Relay());

        var relay = await service.AvailabilityAsync(Wednesday, 1, Language.Fr, slotCount: 2, callback: CallbackMode.RelayCall);
        var voice = await service.AvailabilityAsync(Wednesday, 1, Language.Fr, slotCount: 2);

        Assert.All(relay, a => Assert.True(At(a.Slot.Start) >= new LocalTime(10, 0) && At(a.End) <= new LocalTime(14, 0), $"{a.Slot.LocalStart} to {a.End}"));
        Assert.Contains(relay, a => At(a.Slot.Start) == new LocalTime(10, 0));
        Assert.Contains(relay, a => At(a.Slot.Start) == new LocalTime(13, 30));
        Assert.DoesNotContain(relay, a => At(a.Slot.Start) == new LocalTime(13, 45));
        Assert.Contains(voice, a => At(a.Slot.Start) == new LocalTime(9, 0));
        Assert.Contains(voice, a => At(a.Slot.Start) == new LocalTime(14, 30));
    }

    [Fact]
    public async Task Booking_a_relay_call_that_would_run_outside_the_relays_hours_is_refused_with_that_reason_and_stores_nothing()
    {
        await using (var db = Database.NewContext())
        {
            var refused = Assert.IsType<BookingOutcome.Invalid>(await Service(db, Relay()).BookAsync(DeafWithLandline(TestClock.Brussels(2026, 12, 2, 9, 45))));
            Assert.Equal([new FieldError("slotStart", "Error.Slot.OutsideRelayHours")], refused.Errors);
        }
        await using (var db = Database.NewContext())
        {
            Assert.Equal(0, await db.Bookings.CountAsync());
            Assert.Equal(0, await db.SeatClaims.CountAsync());
            Assert.Equal(0, await db.OutboundMessages.CountAsync());
        }
    }

    [Fact]
    public async Task A_relay_call_inside_the_relays_hours_is_booked_as_a_relay_call_of_two_slots()
    {
        await using var db = Database.NewContext();
        var done = Assert.IsType<BookingOutcome.Done>(await Service(db, Relay()).BookAsync(DeafWithLandline(Wednesday10)));

        Assert.Equal((CallbackMode.RelayCall, 2), (done.Booking.Plan.Callback.Value, done.Booking.SlotCount));
        Assert.Equal(2, await db.SeatClaims.CountAsync(c => c.BookingId == done.Booking.Id));
    }

    [Fact]
    public async Task A_relay_that_allows_fifteen_minutes_gets_a_relay_call_of_one_slot_with_the_reason()
    {
        await using var db = Database.NewContext();
        var done = Assert.IsType<BookingOutcome.Done>(await Service(db, Relay(maxCallMinutes: 15)).BookAsync(DeafWithLandline(Wednesday10)));

        Assert.Equal(1, done.Booking.SlotCount);
        Assert.Contains(done.Booking.Plan.Slots.Reasons, r => r.RuleId == "slots.relay-longest-call");
        Assert.Equal(1, await db.SeatClaims.CountAsync(c => c.BookingId == done.Booking.Id));
    }

    [Fact]
    public async Task Moving_a_relay_call_outside_the_relays_hours_is_refused_and_leaves_it_where_it_was()
    {
        BookingOutcome.Done done;
        await using (var db = Database.NewContext())
        {
            done = Assert.IsType<BookingOutcome.Done>(await Service(db, Relay()).BookAsync(DeafWithLandline(Wednesday10)));
        }
        await using (var db = Database.NewContext())
        {
            var refused = Assert.IsType<BookingOutcome.Invalid>(await Service(db, Relay()).MoveAsync(
                done.Booking.Reference, done.ManageToken, SlotTimes.Format(TestClock.Brussels(2026, 12, 2, 15), SlotCalendar.Brussels)));
            Assert.Equal("Error.Slot.OutsideRelayHours", Assert.Single(refused.Errors).MessageKey);
        }
        await using (var db = Database.NewContext())
        {
            var kept = await db.Bookings.SingleAsync();
            Assert.Equal(Wednesday10, kept.SlotStart);
            Assert.Equal([Wednesday10, Wednesday10 + Duration.FromMinutes(15)], await db.SeatClaims.Select(c => c.SlotStart).OrderBy(s => s).ToListAsync());
        }
    }

    [Fact]
    public async Task Needs_that_would_make_a_call_at_a_time_the_relay_is_closed_a_relay_call_are_refused_and_change_nothing()
    {
        BookingOutcome.Done done;
        await using (var db = Database.NewContext())
        {
            done = Assert.IsType<BookingOutcome.Done>(await Service(db, Relay()).BookAsync(DeafWithLandline(TestClock.Brussels(2026, 12, 2, 9)) with { Needs = new NeedsInput() }));
            Assert.Equal(CallbackMode.Voice, done.Booking.Plan.Callback.Value);
        }
        await using (var db = Database.NewContext())
        {
            var refused = Assert.IsType<BookingOutcome.Invalid>(await Service(db, Relay()).ChangeNeedsAsync(done.Booking.Reference, done.ManageToken, new NeedsInput { Hearing = true }));
            Assert.Equal([new FieldError("needs", "Error.Slot.OutsideRelayHoursForNeeds")], refused.Errors);
        }
        await using (var db = Database.NewContext())
        {
            var kept = await db.Bookings.SingleAsync();
            Assert.Equal((CallbackMode.Voice, false, 1), (kept.Plan.Callback.Value, kept.Needs.Hearing, kept.SlotCount));
        }
    }

    [Fact]
    public async Task Without_a_relay_the_same_citizen_gets_the_email_conversation_at_any_opening_time()
    {
        await using var db = Database.NewContext();
        var done = Assert.IsType<BookingOutcome.Done>(await Service(db, relay: null).BookAsync(DeafWithLandline(TestClock.Brussels(2026, 12, 2, 9))));

        Assert.Equal(CallbackMode.EmailConversation, done.Booking.Plan.Callback.Value);
    }
}

public sealed class SqliteRelayHoursTests() : RelayHoursTests(DatabaseProvider.Sqlite);

public sealed class PostgresRelayHoursTests() : RelayHoursTests(DatabaseProvider.Postgres);
