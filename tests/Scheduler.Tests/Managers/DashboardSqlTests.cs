using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Feedback;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Managers;

/// <summary>
/// The database groups the dashboard's figures by the local day in Brussels. Rows are seeded just
/// before and after local midnight on both sides of the 2026 clock changes — Sunday 29 March has 23
/// hours, Sunday 25 October 25 — where a day in UTC, or a fixed offset, puts them on the wrong day.
/// Every expectation is counted by hand from the local times below.
/// </summary>
public abstract partial class DashboardSqlTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    private int phones;

    /// <summary>Books a call, made (and its confirmation sent) at the given local time.</summary>
    private async Task<Booking> BookAtAsync(Instant madeAt, Instant slot, Needs? needs = null)
    {
        Clock.Reset(madeAt);
        await using var db = Database.NewContext();
        PhoneNumber.TryParse($"0470 71 00 {++phones:00}", out var number);
        var outcome = await NewService(db).BookAsync(slot, number!, Language.Nl, "Citizen", null, needs ?? Needs.None, FrontEnd.Web);
        var booking = Assert.IsType<BookingOutcome.Done>(outcome).Booking;
        await db.OutboundMessages.Where(m => m.BookingId == booking.Id && m.Kind == MessageKind.Confirmation)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, DeliveryStatus.Sent).SetProperty(m => m.StatusAt, madeAt));
        return booking;
    }

    private async Task<IReadOnlyList<PeriodFigures>> FiguresAsync(LocalDate from, LocalDate to, Grouping grouping)
    {
        await using var db = Database.NewContext();
        return await new Dashboard(db, Calendar, Clock).FiguresAsync(from, to, grouping);
    }

    private static Dictionary<LocalDate, int> Made(IEnumerable<PeriodFigures> periods) =>
        periods.Where(p => p.BookingsMade > 0).ToDictionary(p => p.Start, p => p.BookingsMade);

    private static int Sent(PeriodFigures p) => p.Messages[Channel.Sms].Sent + p.Messages[Channel.Email].Sent + p.Messages[Channel.Voice].Sent;

    // Autumn: Saturday 24 October 23:30 (21:30 UTC); Sunday 00:10 (22:10 UTC on Saturday); Sunday
    // 23:30 after the change (22:30 UTC on Sunday); Monday 00:30 (23:30 UTC on Sunday).
    private async Task SeedAutumnAsync()
    {
        var tuesday = new LocalDate(2026, 10, 27);
        await BookAtAsync(TestClock.Brussels(2026, 10, 24, 23, 30), Slot(tuesday, 9));
        await BookAtAsync(TestClock.Brussels(2026, 10, 25, 0, 10), Slot(tuesday, 10));
        await BookAtAsync(TestClock.Brussels(2026, 10, 25, 23, 30), Slot(tuesday, 11));
        await BookAtAsync(TestClock.Brussels(2026, 10, 26, 0, 30), Slot(tuesday, 13));
    }

    // Spring: Saturday 28 March 23:30 (22:30 UTC); Sunday 00:30 (23:30 UTC on Saturday); Sunday
    // 23:30 after the change (21:30 UTC on Sunday); Monday 00:30 (22:30 UTC on Sunday).
    private async Task SeedSpringAsync()
    {
        var tuesday = new LocalDate(2026, 3, 31);
        await BookAtAsync(TestClock.Brussels(2026, 3, 28, 23, 30), Slot(tuesday, 9));
        await BookAtAsync(TestClock.Brussels(2026, 3, 29, 0, 30), Slot(tuesday, 10));
        await BookAtAsync(TestClock.Brussels(2026, 3, 29, 23, 30), Slot(tuesday, 11));
        await BookAtAsync(TestClock.Brussels(2026, 3, 30, 0, 30), Slot(tuesday, 13));
    }

    private static Instant Slot(LocalDate day, int hour) => TestClock.Brussels(day.Year, day.Month, day.Day, hour);

    [Fact]
    public async Task Bookings_and_messages_around_the_autumn_change_count_one_on_Saturday_two_on_the_25_hour_Sunday_and_one_on_Monday()
    {
        await SeedAutumnAsync();
        var days = await FiguresAsync(new LocalDate(2026, 10, 24), new LocalDate(2026, 10, 26), Grouping.Day);
        Assert.Equal([1, 2, 1], days.Select(p => p.BookingsMade));
        Assert.Equal([1, 2, 1], days.Select(Sent));
    }

    [Fact]
    public async Task Bookings_around_the_spring_change_count_one_on_Saturday_two_on_the_23_hour_Sunday_and_one_on_Monday()
    {
        await SeedSpringAsync();
        var days = await FiguresAsync(new LocalDate(2026, 3, 28), new LocalDate(2026, 3, 30), Grouping.Day);
        Assert.Equal([1, 2, 1], days.Select(p => p.BookingsMade));
        Assert.Equal([1, 2, 1], days.Select(Sent));
    }

    [Fact]
    public async Task A_range_over_both_changes_counts_each_booking_on_its_local_day()
    {
        await SeedSpringAsync();
        await SeedAutumnAsync();
        var days = await FiguresAsync(new LocalDate(2026, 3, 23), new LocalDate(2026, 11, 1), Grouping.Day);
        Assert.Equal(224, days.Count);
        var expected = new Dictionary<LocalDate, int>
        {
            [new LocalDate(2026, 3, 28)] = 1, [new LocalDate(2026, 3, 29)] = 2, [new LocalDate(2026, 3, 30)] = 1,
            [new LocalDate(2026, 10, 24)] = 1, [new LocalDate(2026, 10, 25)] = 2, [new LocalDate(2026, 10, 26)] = 1,
        };
        Assert.Equal(expected, Made(days));
    }

    [Fact]
    public async Task Weeks_over_both_changes_count_Saturday_and_Sunday_in_the_week_before_Monday()
    {
        await SeedSpringAsync();
        await SeedAutumnAsync();
        // Wednesday to Wednesday: whole weeks from Monday 23 March to Sunday 1 November.
        var weeks = await FiguresAsync(new LocalDate(2026, 3, 25), new LocalDate(2026, 10, 28), Grouping.Week);
        Assert.Equal((new LocalDate(2026, 3, 23), new LocalDate(2026, 11, 1), 32), (weeks[0].Start, weeks[^1].End, weeks.Count));
        var expected = new Dictionary<LocalDate, int>
        {
            [new LocalDate(2026, 3, 23)] = 3, [new LocalDate(2026, 3, 30)] = 1,
            [new LocalDate(2026, 10, 19)] = 3, [new LocalDate(2026, 10, 26)] = 1,
        };
        Assert.Equal(expected, Made(weeks));
        Assert.Equal(3, Sent(weeks.Single(w => w.Start == new LocalDate(2026, 10, 19))));
    }

    [Fact]
    public async Task A_cancellation_at_23_30_on_the_25_hour_Sunday_counts_on_Sunday_and_the_call_demand_on_its_slot_day()
    {
        await SeedAutumnAsync();
        var booking = await BookAtAsync(TestClock.Brussels(2026, 10, 25, 12), Slot(new LocalDate(2026, 10, 28), 9));
        Clock.Reset(TestClock.Brussels(2026, 10, 25, 23, 30));
        await using (var db = Database.NewContext())
        {
            await db.Bookings.Where(b => b.Id == booking.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.ManageTokenHash, ManageToken.Hash("token")));
            Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(booking.Reference, "token"));
        }
        var days = await FiguresAsync(new LocalDate(2026, 10, 24), new LocalDate(2026, 10, 28), Grouping.Day);
        Assert.Equal([0, 1, 0, 0, 0], days.Select(p => p.Cancelled));
        Assert.Equal([0, 0, 0, 4, 0], days.Select(p => p.CallsByLanguage[Language.Nl]));
    }

    [Fact]
    public async Task Seats_just_either_side_of_local_midnight_after_the_autumn_change_count_on_their_local_day()
    {
        // Seats rows at these hours are not opening hours; they only pin where midnight falls.
        await using (var db = Database.NewContext())
        {
            db.SlotLanguageSeats.AddRange(
                new SlotLanguageSeats { SlotStart = Instant.FromUtc(2026, 10, 25, 22, 59), Language = Language.Fr, Seats = 2 },
                new SlotLanguageSeats { SlotStart = Instant.FromUtc(2026, 10, 25, 23, 0), Language = Language.Fr, Seats = 3 },
                new SlotLanguageSeats { SlotStart = Instant.FromUtc(2026, 10, 24, 21, 59), Language = Language.De, Seats = 5 },
                new SlotLanguageSeats { SlotStart = Instant.FromUtc(2026, 10, 24, 22, 0), Language = Language.De, Seats = 7 });
            await db.SaveChangesAsync();
        }
        var days = await FiguresAsync(new LocalDate(2026, 10, 24), new LocalDate(2026, 10, 26), Grouping.Day);
        Assert.Equal([0, 2, 3], days.Select(p => p.SeatsByLanguage[Language.Fr]));
        Assert.Equal([5, 7, 0], days.Select(p => p.SeatsByLanguage[Language.De]));
    }

    [Fact]
    public async Task Each_need_counts_its_bookings_and_their_calls_and_a_booking_with_two_needs_counts_for_both()
    {
        PhoneNumber.TryParse("0470 72 00 01", out var helper);
        var proxy = new ProxyContact { Name = "Helper", Phone = helper! };
        Needs[] needs =
        [
            Needs.None, new() { Hearing = true }, new() { Sight = true }, new() { Reading = true }, new() { MoreTime = true },
            new() { Speech = true }, new() { OtherLanguage = "Arabic" }, new() { PrefersCall = true }, new() { PrefersText = true },
            new() { Proxy = proxy }, new() { Hearing = true, Proxy = proxy },
        ];
        var day = new LocalDate(2026, 12, 3);
        for (var i = 0; i < needs.Length; i++)
        {
            // Half an hour apart, so a longer call never runs into the next one; none over lunch (12:00-13:00).
            var minutes = 30 * i + (i >= 6 ? 60 : 0);
            await BookAtAsync(TestClock.Tuesday0800, Slot(day, 9).Plus(Duration.FromMinutes(minutes)), needs[i]);
        }
        Clock.Reset(TestClock.Brussels(2026, 12, 3, 17));
        var made = (await FiguresAsync(new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 1), Grouping.Day)).Single();
        var calls = (await FiguresAsync(day, day, Grouping.Day)).Single();
        var expected = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, n => n is "Hearing" or "Proxy" ? 2 : 1);
        Assert.Equal(expected, made.Needs);
        Assert.Equal(expected, calls.CallsByNeed);
        Assert.Equal((11, 11), (made.BookingsMade, calls.Calls));
    }

    [Fact]
    public async Task A_week_averages_its_ratings_over_all_of_them_not_over_the_days_averages()
    {
        var day = new LocalDate(2026, 12, 2);
        var calls = new List<Booking>();
        for (var i = 0; i < 3; i++)
        {
            calls.Add(await BookAtAsync(TestClock.Tuesday0800, Slot(day, 9 + i)));
        }
        await using (var db = Database.NewContext())
        {
            db.Feedback.AddRange(
                CallFeedback.Receive(calls[0].Id, FeedbackSource.Sms, FeedbackReply.From(5, null)!, Language.Nl, null, TestClock.Brussels(2026, 12, 2, 20)),
                CallFeedback.Receive(calls[1].Id, FeedbackSource.Sms, FeedbackReply.From(2, null)!, Language.Nl, null, TestClock.Brussels(2026, 12, 3, 9)),
                CallFeedback.Receive(calls[2].Id, FeedbackSource.Sms, FeedbackReply.From(2, null)!, Language.Nl, null, TestClock.Brussels(2026, 12, 3, 10)));
            await db.SaveChangesAsync();
        }
        var days = await FiguresAsync(new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 3), Grouping.Day);
        var week = Assert.Single(await FiguresAsync(new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 3), Grouping.Week));
        Assert.Equal([(1, 5.0), (2, 2.0)], days.Select(p => (p.Ratings, p.AverageRating)));
        Assert.Equal((3, 3.0), (week.Ratings, week.AverageRating));
    }
}

public sealed class SqliteDashboardSqlTests() : DashboardSqlTests(DatabaseProvider.Sqlite);

public sealed class PostgresDashboardSqlTests() : DashboardSqlTests(DatabaseProvider.Postgres);
