using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Calls;

/// <summary>Calls:EndOfDay Waitlist: a call the day ended before gets a priority place in line; run once per provider by the classes below.</summary>
public abstract class EndOfDayWaitlistTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    /// <summary>Wednesday's opening hours end at 16:00 in Brussels (OpeningHours.Default).</summary>
    protected static readonly Instant WednesdayEnd = TestClock.Brussels(2026, 12, 2, 16);
    private static readonly LocalDate Thursday = new(2026, 12, 3), Monday = new(2026, 12, 7);
    private static readonly Instant Thursday0900 = TestClock.Brussels(2026, 12, 3, 9);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestAgents.AddAsync(Database, "ann");
    }

    protected WaitlistService NewWaitlist(AlloDbContext db) => new(db, Calendar, Clock, Planner, Signal, NewService(db));

    private async Task<int> RunAsync()
    {
        await using var db = Database.NewContext();
        return await NewEndOfDay(db, EndOfDayPolicy.Waitlist).CloseAsync();
    }

    private async Task<Booking> QueuedAsync(string phone)
    {
        var booking = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, phone))).Booking;
        Clock.Reset(Wednesday10 + Duration.FromMinutes(1));
        await using var db = Database.NewContext();
        await NewQueue(db).EnterDueAsync();
        return booking;
    }

    private async Task JoinAsync(string phone, LocalDate day)
    {
        PhoneNumber.TryParse(phone, out var number);
        await using var db = Database.NewContext();
        Assert.IsType<JoinOutcome.Joined>(await NewWaitlist(db).JoinAsync(number!, Language.Nl, null, null, Needs.None, day, day, DayParts.Morning));
    }

    [Fact]
    public async Task A_call_still_queued_at_the_end_of_the_day_gets_a_priority_place_with_the_bookings_plan_for_three_working_days_and_one_text_saying_so()
    {
        var booking = await QueuedAsync("0470 30 00 01");
        Clock.Reset(WednesdayEnd);
        Assert.Equal(1, await RunAsync());

        await using var db = Database.NewContext();
        var closed = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id);
        Assert.Equal(BookingStatus.NotCalled, closed.Status);
        var entry = await db.WaitlistEntries.AsNoTracking().SingleAsync();
        // Thursday, Friday and Monday: the weekend has no opening hours, Wednesday's are over.
        Assert.Equal(("+32470300001", Language.Nl, WaitlistStatus.Waiting, (Instant?)Wednesday10, Thursday, Monday, DayParts.Any),
            (entry.PhoneE164, entry.Language, entry.Status, entry.PriorityFrom, entry.FirstDay, entry.LastDay, entry.Parts));
        Assert.Equal(ContactPlanJson.Write(closed.Plan), ContactPlanJson.Write(entry.Plan));
        Assert.Equal(closed.Needs, entry.Needs);

        var sorry = Assert.Single(await db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == booking.Id && m.Status == DeliveryStatus.Queued).ToListAsync());
        Assert.Equal((MessageKind.NotCalledWaitlist, Channel.Sms, "+32470300001"), (sorry.Kind, sorry.Channel, sorry.To));
        Assert.StartsWith($"waitlist/{entry.Id}?token=", sorry.Link);
        var link = sorry.Link!;
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..link.IndexOf('&')];
        Assert.NotNull(await NewWaitlist(db).FindAsync(entry.Id, token));

        var texts = TestTexts.For(Calendar, Settings);
        var text = texts.Render(sorry, closed).Text;
        Assert.Contains("als eerste op de wachtlijst", text);
        Assert.Contains("STOP", text);
        Assert.Equal(1, SmsSegments.Count(text));
        // By email the same message carries the place's manage link.
        var email = texts.Render(new OutboundMessage { Kind = sorry.Kind, Channel = Channel.Email, Language = sorry.Language, Style = sorry.Style, Link = link }, closed);
        Assert.Contains(Settings.Link(link).ToString(), email.Text);
    }

    [Fact]
    public async Task A_number_already_in_line_keeps_its_one_place_and_gets_the_sorry_with_the_link_to_book()
    {
        var booking = await QueuedAsync("0470 30 00 02");
        await JoinAsync("0470 30 00 02", Thursday);
        Clock.Reset(WednesdayEnd);
        Assert.Equal(1, await RunAsync());

        await using var db = Database.NewContext();
        var entry = await db.WaitlistEntries.AsNoTracking().SingleAsync();
        Assert.Null(entry.PriorityFrom);
        var sorry = Assert.Single(await db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == booking.Id && m.Status == DeliveryStatus.Queued).ToListAsync());
        Assert.Equal((MessageKind.NotCalled, null), (sorry.Kind, sorry.Link));
    }

    [Fact]
    public async Task The_next_sweep_offers_the_priority_place_the_first_free_time_before_an_entry_that_joined_earlier()
    {
        // One seat in each quarter of Thursday 09:00: the first in line gets 09:00, the next 09:15.
        await SetSeatsAsync(Thursday0900, 1);
        await JoinAsync("0470 30 00 09", Thursday);
        var booking = await QueuedAsync("0470 30 00 03");
        Clock.Reset(WednesdayEnd);
        Assert.Equal(1, await RunAsync());

        Clock.Advance(Duration.FromMinutes(1));
        await using (var db = Database.NewContext())
        {
            Assert.Equal(2, await NewWaitlist(db).SweepAsync());
        }
        await using var check = Database.NewContext();
        var offered = await check.Bookings.AsNoTracking().Where(b => b.Status == BookingStatus.Offered).ToDictionaryAsync(b => b.PhoneE164, b => b.SlotStart);
        Assert.Equal(Thursday0900, offered["+32470300003"]);
        Assert.Equal(Thursday0900 + Duration.FromMinutes(15), offered["+32470300009"]);
    }
}

public sealed class SqliteEndOfDayWaitlistTests() : EndOfDayWaitlistTests(DatabaseProvider.Sqlite);

public sealed class PostgresEndOfDayWaitlistTests() : EndOfDayWaitlistTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_job_nodes_at_the_end_of_the_day_give_each_number_one_priority_place_and_one_sorry()
    {
        var bookings = new List<Booking>();
        foreach (var i in Enumerable.Range(1, 6))
        {
            bookings.Add(Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10 + Duration.FromMinutes(15 * (i % 3)), $"0470 31 00 0{i}"))).Booking);
        }
        Clock.Reset(WednesdayEnd + Duration.FromMinutes(1));
        var closed = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = Database.NewContext();
            return await NewEndOfDay(db, EndOfDayPolicy.Waitlist).CloseAsync();
        }));
        Assert.Equal(6, closed.Sum());
        await using var check = Database.NewContext();
        var ids = bookings.Select(b => b.Id).ToList();
        var places = await check.WaitlistEntries.AsNoTracking().ToListAsync();
        Assert.Equal(bookings.Select(b => b.PhoneE164).Order(), places.Select(e => e.PhoneE164).Order());
        Assert.All(places, e => Assert.Contains(bookings, b => b.PhoneE164 == e.PhoneE164 && b.SlotStart == e.PriorityFrom));
        var sorries = await check.OutboundMessages.AsNoTracking().Where(m => ids.Contains(m.BookingId) && m.Kind == MessageKind.NotCalledWaitlist).ToListAsync();
        Assert.Equal(ids.Order(), sorries.Select(m => m.BookingId).Order());
    }
}
