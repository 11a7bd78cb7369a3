using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>Freed seats offered to the waitlist, on each provider (classes at the end).</summary>
public abstract class WaitlistTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    private const string First = "0470 11 00 01", Second = "0470 11 00 02";

    [Fact]
    public async Task Nothing_is_offered_while_every_seat_of_the_wish_is_taken()
    {
        await JoinAsync(First);
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(First)).Status);
    }

    [Fact]
    public async Task A_freed_seat_is_held_for_the_first_in_line_offered_by_text_and_becomes_their_booking_on_yes()
    {
        await JoinAsync(First);
        await JoinAsync(Second);
        await CancelAsync(Booked[1]);

        Assert.Equal(1, await SweepAsync());
        var first = await EntryAsync(First);
        Assert.Equal(WaitlistStatus.Offered, first.Status);
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(Second)).Status);
        // The hold is a seat claim: the slot is full again, and a booker who looks now is refused.
        Assert.Equal(1, await ClaimsAsync(Wednesday1015));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday1015, "0470 11 00 99")));
        var offer = Assert.Single(await OffersSentToAsync(First));
        Assert.Equal(Channel.Sms, offer.Channel);
        Assert.Equal(first.OfferBookingId, offer.BookingId);

        var booked = Assert.IsType<AnswerOutcome.Booked>(await YesAsync(First));
        Assert.Equal((BookingStatus.Booked, Wednesday1015), (booked.Booking.Status, booked.Booking.SlotStart));
        Assert.Equal(WaitlistStatus.Booked, (await EntryAsync(First)).Status);
        Assert.Equal(1, await ClaimsAsync(Wednesday1015));
        await using var db = Database.NewContext();
        Assert.Equal(OfferOutcome.Taken, (await db.WaitlistOffers.SingleAsync()).Outcome);
        // The yes came by text: the reply is the confirmation there, and the reminders follow as for any booking.
        var planned = await db.OutboundMessages.Where(m => m.BookingId == booked.Booking.Id && m.Kind != MessageKind.WaitlistOffer).Select(m => m.Kind).ToListAsync();
        Assert.DoesNotContain(MessageKind.Confirmation, planned);
        Assert.Contains(MessageKind.ReminderHourBefore, planned);
    }

    [Fact]
    public async Task An_offer_unanswered_for_30_minutes_passes_to_the_next_in_line_and_a_late_yes_is_told_too_late()
    {
        await JoinAsync(First);
        await JoinAsync(Second);
        await CancelAsync(Booked[1]);
        await SweepAsync();

        Clock.Advance(Duration.FromMinutes(29));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync(First)).Status);

        Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(First)).Status);
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync(Second)).Status);
        Assert.Single(await OffersSentToAsync(Second));
        Assert.Equal(1, await ClaimsAsync(Wednesday1015));

        Assert.Equal(new AnswerOutcome.TooLate(true), await YesAsync(First));
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync(Second)).Status);
        await using var db = Database.NewContext();
        Assert.Equal([OfferOutcome.Expired, OfferOutcome.Open], await db.WaitlistOffers.OrderBy(o => o.OfferedAt).Select(o => o.Outcome).ToListAsync());
    }

    [Fact]
    public async Task A_number_with_an_open_offer_is_not_offered_a_second_seat()
    {
        await JoinAsync(First);
        await CancelAsync(Booked[1]);
        await CancelAsync(Booked[2]);

        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        Assert.Single(await OffersSentToAsync(First));
        Assert.Equal(0, await ClaimsAsync(TestClock.Brussels(2026, 12, 2, 10, 30)));
    }

    [Fact]
    public async Task An_offer_is_not_made_on_a_channel_the_number_opted_out_of_since_joining()
    {
        await JoinAsync(First);
        await JoinAsync(Second);
        await using (var db = Database.NewContext())
        {
            await new OptOuts(db).StopAsync(Phone(First).E164, Channel.Sms, Clock.GetCurrentInstant());
            await db.SaveChangesAsync();
        }
        await CancelAsync(Booked[1]);

        Assert.Equal(1, await SweepAsync());
        Assert.Empty(await OffersSentToAsync(First));
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(First)).Status);
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync(Second)).Status);
    }

    [Fact]
    public async Task Leaving_with_an_open_offer_gives_the_seat_back_makes_its_message_stale_and_the_next_sweep_offers_it_on()
    {
        var joined = await JoinAsync(First);
        await JoinAsync(Second);
        await CancelAsync(Booked[1]);
        await SweepAsync();

        await using (var db = Database.NewContext())
        {
            Assert.True(await NewWaitlist(db).LeaveAsync(joined.Entry.Id, joined.ManageToken));
        }
        Assert.Equal(WaitlistStatus.Left, (await EntryAsync(First)).Status);
        Assert.Equal(0, await ClaimsAsync(Wednesday1015));
        await using (var db = Database.NewContext())
        {
            var message = Assert.Single(await OffersSentToAsync(First));
            var offered = await db.Bookings.SingleAsync(b => b.Id == message.BookingId);
            Assert.Equal(BookingStatus.OfferLapsed, offered.Status);
            Assert.NotEqual(message.BookingSequence, offered.Sequence);
        }
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync(Second)).Status);
    }

    [Fact]
    public async Task The_dashboard_counts_the_line_on_its_wished_day_and_offers_by_how_they_ended_and_no_hold_as_a_booking()
    {
        await JoinAsync(First);
        await JoinAsync(Second);
        await CancelAsync(Booked[1]);
        await SweepAsync();
        Clock.Advance(WaitlistService.OfferHold);
        await SweepAsync();
        Assert.IsType<AnswerOutcome.Booked>(await YesAsync(Second));

        await using var db = Database.NewContext();
        var days = await new Scheduler.Managers.Dashboard(db, Calendar, Clock).FiguresAsync(new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 3), Scheduler.Managers.Grouping.Day);

        var (tuesday, wednesday, thursday) = (days[0], days[1], days[2]);
        Assert.Equal((0, 1, 0), (tuesday.WaitingInLine, wednesday.WaitingInLine, thursday.WaitingInLine));
        Assert.Equal((1, 1, 0), (tuesday.Offers[OfferOutcome.Taken], tuesday.Offers[OfferOutcome.Expired], tuesday.Offers[OfferOutcome.Declined]));
        // The four bookings of the set-up and the offer taken; the offer that expired was a hold, never a booking.
        Assert.Equal(5, tuesday.BookingsMade);
    }

    [Fact]
    public async Task A_wrong_manage_token_leaves_nothing()
    {
        var joined = await JoinAsync(First);
        await using var db = Database.NewContext();
        Assert.False(await NewWaitlist(db).LeaveAsync(joined.Entry.Id, "not-the-token"));
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(First)).Status);
    }

    [Fact]
    public async Task A_number_that_books_a_time_of_its_own_leaves_the_list()
    {
        await JoinAsync(First);
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(TestClock.Brussels(2026, 12, 3, 14), First)));
        await SweepAsync();
        Assert.Equal(WaitlistStatus.Booked, (await EntryAsync(First)).Status);
    }
}

/// <summary>Two seats at each quarter of 10:00, so a freed one can sit beside a call the waiting number holds.</summary>
public abstract class WaitlistOverlapTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    protected override int SeatsAt10 => 2;

    [Fact]
    public async Task A_number_is_never_offered_a_time_overlapping_a_call_it_holds_and_the_next_in_line_gets_it()
    {
        // Booked[1] is 10:15 on the first seat, held by 0470 90 00 01; that number joins the list.
        await JoinAsync("0470 90 00 01");
        await JoinAsync("0470 11 00 02");
        await CancelAsync(Booked[5]);

        Assert.Equal(1, await SweepAsync());
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync("0470 90 00 01")).Status);
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync("0470 11 00 02")).Status);
        Assert.Empty(await OffersSentToAsync("0470 90 00 01"));
    }
}

public sealed class SqliteWaitlistTests() : WaitlistTests(DatabaseProvider.Sqlite);

public sealed class PostgresWaitlistTests() : WaitlistTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_nodes_sweeping_while_citizens_answer_and_bookers_book_leave_no_slot_overbooked_and_no_number_with_two_offers()
    {
        var waiting = Enumerable.Range(0, 8).Select(i => $"0470 12 00 {i:00}").ToList();
        foreach (var phone in waiting)
        {
            await JoinAsync(phone);
        }
        foreach (var done in Booked)
        {
            await CancelAsync(done);
        }
        var quarters = Enumerable.Range(0, 4).Select(q => Wednesday10 + Duration.FromMinutes(15 * q)).ToList();

        // Two nodes, each with its own context, sweeping round after round; every waiting citizen
        // saying yes again and again; bookers after the same four seats.
        var work = new List<Task>();
        work.AddRange(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var round = 0; round < 6; round++)
            {
                await SweepAsync();
            }
        })));
        work.AddRange(waiting.Select(phone => Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                await YesAsync(phone);
            }
        })));
        work.AddRange(Enumerable.Range(0, 8).Select(i => Task.Run(() => BookAsync(Input(quarters[i % 4], $"0470 13 00 {i:00}")))));
        await Task.WhenAll(work);

        await using var db = Database.NewContext();
        foreach (var quarter in quarters)
        {
            Assert.True(await ClaimsAsync(quarter) <= 1, $"{quarter} holds more calls than its one seat");
            Assert.True(await db.Bookings.CountAsync(b => b.SlotStart == quarter && (b.Status == BookingStatus.Booked || b.Status == BookingStatus.Offered)) <= 1);
        }
        var openPerEntry = await db.WaitlistOffers.Where(o => o.Outcome == OfferOutcome.Open).GroupBy(o => o.EntryId).Select(g => g.Count()).ToListAsync();
        Assert.All(openPerEntry, count => Assert.Equal(1, count));
        var offeredPerNumber = await db.Bookings.Where(b => b.Status == BookingStatus.Offered).GroupBy(b => b.PhoneE164).Select(g => g.Count()).ToListAsync();
        Assert.All(offeredPerNumber, count => Assert.Equal(1, count));
        // Every held or booked seat is one the ledger counts: nothing was taken outside it.
        Assert.Equal(
            await db.Bookings.CountAsync(b => quarters.Contains(b.SlotStart) && (b.Status == BookingStatus.Booked || b.Status == BookingStatus.Offered)),
            await db.SeatClaims.CountAsync(c => quarters.Contains(c.SlotStart)));
    }
}

public sealed class SqliteWaitlistOverlapTests() : WaitlistOverlapTests(DatabaseProvider.Sqlite);

public sealed class PostgresWaitlistOverlapTests() : WaitlistOverlapTests(DatabaseProvider.Postgres);
