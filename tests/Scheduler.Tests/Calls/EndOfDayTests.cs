using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Calls;

/// <summary>The end-of-day sweep against a real database, with the test clock; run once per provider by the classes below.</summary>
public abstract class EndOfDayTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    /// <summary>Wednesday's opening hours end at 16:00 in Brussels (OpeningHours.Default).</summary>
    private static readonly Instant WednesdayEnd = TestClock.Brussels(2026, 12, 2, 16);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestAgents.AddAsync(Database, "ann");
    }

    private async Task<int> RunAsync(EndOfDayPolicy policy = EndOfDayPolicy.Message)
    {
        await using var db = Database.NewContext();
        return await NewEndOfDay(db, policy).CloseAsync();
    }

    private async Task<Booking> QueuedAsync(string phone, string? email = null)
    {
        var booking = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, phone) with { Email = email })).Booking;
        Clock.Reset(Wednesday10 + Duration.FromMinutes(1));
        await using var db = Database.NewContext();
        await NewQueue(db).EnterDueAsync();
        return booking;
    }

    private async Task<(Booking Booking, List<OutboundMessage> Messages, int Seats)> StateAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return (await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id),
            await db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == id).ToListAsync(),
            await db.SeatClaims.CountAsync(c => c.BookingId == id));
    }

    [Fact]
    public async Task A_call_still_queued_when_the_day_ends_closes_as_not_called_then_and_not_before_and_gives_its_seat_back()
    {
        var booking = await QueuedAsync("0470 30 00 01");
        Clock.Reset(WednesdayEnd - Duration.FromMinutes(1));
        Assert.Equal(0, await RunAsync());
        var before = await StateAsync(booking.Id);
        Assert.Equal((BookingStatus.Queued, 1), (before.Booking.Status, before.Seats));
        Assert.DoesNotContain(before.Messages, m => m.Kind == MessageKind.NotCalled);

        Clock.Reset(WednesdayEnd);
        Assert.Equal(1, await RunAsync());
        var after = await StateAsync(booking.Id);
        Assert.Equal((BookingStatus.NotCalled, WednesdayEnd, 0), (after.Booking.Status, after.Booking.ClosedAt, after.Seats));
        // Whatever still waited for the call is withdrawn: only the sorry is left to send.
        var sorry = Assert.Single(after.Messages, m => m.Status == DeliveryStatus.Queued);
        Assert.Equal((MessageKind.NotCalled, Channel.Sms, "+32470300001", after.Booking.Sequence, WednesdayEnd),
            (sorry.Kind, sorry.Channel, sorry.To, sorry.BookingSequence, sorry.DueAt));
        Assert.Contains(Signal.Messages, m => m.Id == sorry.Id);
    }

    [Fact]
    public async Task Running_the_job_twice_closes_the_call_once_and_writes_one_sorry()
    {
        var booking = await QueuedAsync("0470 30 00 02");
        Clock.Reset(WednesdayEnd + Duration.FromMinutes(5));
        Assert.Equal(1, await RunAsync());
        var sequence = (await StateAsync(booking.Id)).Booking.Sequence;
        Clock.Advance(Duration.FromMinutes(5));
        Assert.Equal(0, await RunAsync());
        var after = await StateAsync(booking.Id);
        Assert.Equal((BookingStatus.NotCalled, sequence), (after.Booking.Status, after.Booking.Sequence));
        Assert.Single(after.Messages, m => m.Kind == MessageKind.NotCalled);
    }

    [Fact]
    public async Task A_call_an_agent_holds_at_the_end_of_the_day_stays_theirs_until_the_claim_lapses()
    {
        var booking = await QueuedAsync("0470 30 00 03");
        Clock.Reset(WednesdayEnd - Duration.FromMinutes(2));
        await using (var db = Database.NewContext())
        {
            Assert.Equal(ClaimResult.Claimed, await NewQueue(db).ClaimAsync(booking.Id, "ann"));
        }
        Clock.Reset(WednesdayEnd);
        Assert.Equal(0, await RunAsync());
        Assert.Equal(BookingStatus.Queued, (await StateAsync(booking.Id)).Booking.Status);

        Clock.Reset(WednesdayEnd - Duration.FromMinutes(2) + new Domain.Calls.CallPolicy().ClaimHold);
        Assert.Equal(1, await RunAsync());
        Assert.Equal(BookingStatus.NotCalled, (await StateAsync(booking.Id)).Booking.Status);
    }

    [Fact]
    public async Task A_channel_the_citizen_opted_out_of_after_booking_gets_no_sorry()
    {
        var booking = await QueuedAsync("0470 30 00 04");
        await using (var db = Database.NewContext())
        {
            await new OptOuts(db).StopAsync("+32470300004", Channel.Sms, Clock.GetCurrentInstant());
            await db.SaveChangesAsync();
        }
        Clock.Reset(WednesdayEnd);
        Assert.Equal(1, await RunAsync());
        var after = await StateAsync(booking.Id);
        Assert.Equal((BookingStatus.NotCalled, 0), (after.Booking.Status, after.Seats));
        Assert.DoesNotContain(after.Messages, m => m.Kind == MessageKind.NotCalled);
    }

    [Fact]
    public async Task Calls_of_an_earlier_day_close_the_next_morning_while_today_s_wait_for_today_s_end()
    {
        var yesterday = await QueuedAsync("0470 30 00 05");
        var thursday = TestClock.Brussels(2026, 12, 3, 10);
        var today = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(thursday, "0470 30 00 06"))).Booking;
        Clock.Reset(thursday + Duration.FromMinutes(1));
        await using (var db = Database.NewContext())
        {
            await NewQueue(db).EnterDueAsync();
        }
        Assert.Equal(1, await RunAsync());
        Assert.Equal(BookingStatus.NotCalled, (await StateAsync(yesterday.Id)).Booking.Status);
        Assert.Equal(BookingStatus.Queued, (await StateAsync(today.Id)).Booking.Status);
    }

    [Fact]
    public async Task With_the_offer_policy_the_sorry_names_the_first_free_time_and_links_to_it_in_one_text()
    {
        var booking = await QueuedAsync("0470 30 00 07");
        Clock.Reset(WednesdayEnd);
        Assert.Equal(1, await RunAsync(EndOfDayPolicy.Offer));
        var (closed, messages, _) = await StateAsync(booking.Id);
        var offer = Assert.Single(messages, m => m.Status == DeliveryStatus.Queued);
        // Thursday 09:00 is the first time within the two hours' notice.
        var thursday0900 = TestClock.Brussels(2026, 12, 3, 9);
        Assert.Equal((MessageKind.NotCalledOffer, thursday0900), (offer.Kind, offer.OfferedStart));

        var text = TestTexts.For(Calendar, Settings).Render(offer, closed).Text;
        Assert.Contains("09:00", text);
        Assert.Contains("book/time?day=2026-12-03&at=0900&lang=nl", text);
        Assert.Equal(1, SmsSegments.Count(text));
    }
}

public sealed class SqliteEndOfDayTests() : EndOfDayTests(DatabaseProvider.Sqlite);

public sealed class PostgresEndOfDayTests() : EndOfDayTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_job_nodes_at_the_end_of_the_day_close_each_call_once_with_one_sorry_each()
    {
        var bookings = new List<Booking>();
        foreach (var i in Enumerable.Range(1, 6))
        {
            bookings.Add(Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10 + Duration.FromMinutes(15 * (i % 3)), $"0470 31 00 0{i}"))).Booking);
        }
        Clock.Reset(TestClock.Brussels(2026, 12, 2, 16, 1));
        var closed = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = Database.NewContext();
            return await NewEndOfDay(db, EndOfDayPolicy.Message).CloseAsync();
        }));
        Assert.Equal(6, closed.Sum());
        await using var check = Database.NewContext();
        var ids = bookings.Select(b => b.Id).ToList();
        Assert.All(await check.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(), b => Assert.Equal(BookingStatus.NotCalled, b.Status));
        var sorries = await check.OutboundMessages.AsNoTracking().Where(m => ids.Contains(m.BookingId) && m.Kind == MessageKind.NotCalled).ToListAsync();
        Assert.Equal(ids.Order(), sorries.Select(m => m.BookingId).Order());
        Assert.Equal(0, await check.SeatClaims.CountAsync(c => ids.Contains(c.BookingId)));
    }
}
