using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Texting;

/// <summary>
/// What a text message changes holds to the same rules as the web: a refused needs answer changes
/// nothing, and STOP and START change the plan of the number's booking. Once per provider.
/// </summary>
public abstract class TextLedgerTests(DatabaseProvider provider) : TextConversationTestBase(provider)
{
    private sealed record Snapshot(int Sequence, int SlotCount, string Plan, string Needs, string Seats, string Queued);

    private Task<Snapshot> SnapshotAsync(Guid bookingId) => QueryAsync(async db =>
    {
        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId);
        return new Snapshot(booking.Sequence, booking.SlotCount, ContactPlanJson.Write(booking.Plan), booking.Needs.ToString(),
            string.Join(' ', await db.SeatClaims.Where(c => c.BookingId == bookingId).OrderBy(c => c.SlotStart).Select(c => c.SlotStart).ToListAsync()),
            string.Join(' ', await db.OutboundMessages.Where(m => m.BookingId == bookingId && m.Status == DeliveryStatus.Queued).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync()));
    });

    private async Task FillAsync(Instant slot, string phonePrefix)
    {
        for (var i = 0; i < Domain.Slots.CapacityTable.DefaultSeats; i++)
        {
            await using var db = Database.NewContext();
            Assert.IsType<BookingOutcome.Done>(await new BookingService(db, Calendar, Clock, new MessagePlanner(Settings, Calendar), Signal).BookAsync(new BookingInput
            {
                SlotStart = SlotTimes.Format(slot, Calendar.Zone), Phone = $"{phonePrefix}{i}", Language = "nl",
            }));
        }
    }

    [Theory]
    [InlineData("h")]
    [InlineData("L arabisch")]
    public async Task A_needs_answer_that_makes_the_call_longer_when_the_next_slot_is_full_is_refused_and_changes_nothing(string answer)
    {
        const string phone = "+32470600001";
        await TextAsync(phone, "afspraak");
        Assert.StartsWith("Geboekt: ", await TextAsync(phone, "1"));
        var booking = (await ActiveAsync(phone))!;
        await FillAsync(booking.SlotEnd, "+3247060010");
        var before = await SnapshotAsync(booking.Id);

        Assert.StartsWith("Uw gesprek heeft meer tijd nodig", await TextAsync(phone, answer));

        Assert.Equal(before, await SnapshotAsync(booking.Id));
        Assert.Equal(Domain.Slots.CapacityTable.DefaultSeats, await QueryAsync(db => db.SeatClaims.CountAsync(c => c.SlotStart == booking.SlotEnd)));
    }

    [Fact]
    public async Task A_number_that_texted_stop_and_books_again_on_the_web_gets_a_plan_without_texts_or_a_heads_up()
    {
        const string phone = "+32470600002";
        await TextAsync(phone, "STOP");
        await using var db = Database.NewContext();
        var done = Assert.IsType<BookingOutcome.Done>(await new BookingService(db, Calendar, Clock, new MessagePlanner(Settings, Calendar), Signal).BookAsync(new BookingInput
        {
            SlotStart = SlotTimes.Format(TestClock.Brussels(2026, 12, 3, 10), Calendar.Zone), Phone = phone, Language = "nl",
        }));

        var plan = done.Booking.Plan;
        Assert.DoesNotContain(plan.ChannelsToCitizen(), c => c == Channel.Sms);
        Assert.Empty(plan.HeadsUp.Value);
        Assert.Contains(plan.Confirmation.Reasons, r => r.RuleId == "messages.opt-out");
        Assert.DoesNotContain(await QueryAsync(d => d.OutboundMessages.Where(m => m.BookingId == done.Booking.Id).Select(m => m.Channel).ToListAsync()), c => c == Channel.Sms);
    }

    [Fact]
    public async Task Stop_gives_the_numbers_booking_a_plan_without_texts_and_start_gives_them_back()
    {
        const string phone = "+32470600003";
        await TextAsync(phone, "afspraak");
        await TextAsync(phone, "1");
        var booking = (await ActiveAsync(phone))!;
        Assert.Contains(Channel.Sms, await QueuedChannelsAsync(booking.Id));

        await TextAsync(phone, "stop");
        var stopped = (await ActiveAsync(phone))!;
        Assert.DoesNotContain(Channel.Sms, stopped.Plan.ChannelsToCitizen());
        Assert.DoesNotContain(Channel.Sms, await QueuedChannelsAsync(booking.Id));
        Assert.Contains(Channel.Voice, await QueuedChannelsAsync(booking.Id));

        await TextAsync(phone, "start");
        var started = (await ActiveAsync(phone))!;
        Assert.Equal(Channel.Sms, started.Plan.Reminders.Value[0].Channel);
        Assert.Contains(Channel.Sms, await QueuedChannelsAsync(booking.Id));
        Assert.Single(started.Plan.HeadsUp.Value);
    }

    private Task<List<Channel>> QueuedChannelsAsync(Guid bookingId) =>
        QueryAsync(db => db.OutboundMessages.Where(m => m.BookingId == bookingId && m.Status == DeliveryStatus.Queued).Select(m => m.Channel).ToListAsync());
}

public sealed class SqliteTextLedgerTests() : TextLedgerTests(DatabaseProvider.Sqlite);

public sealed class PostgresTextLedgerTests() : TextLedgerTests(DatabaseProvider.Postgres);
