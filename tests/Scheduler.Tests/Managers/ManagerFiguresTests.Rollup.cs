using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Messaging;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Managers;

/// <summary>
/// Frozen bookings counted once (docs/decisions/0038-frozen-bookings-are-counted-once.md): once the
/// known day's bookings are final and erased, the rollup holds their figures and the dashboard counts
/// only the rest live, which gives every booking figure exactly as counting every row does.
/// </summary>
public abstract partial class ManagerFiguresTests
{
    // After the retention period of the seeded calls (Wednesday 2 December + 30 days).
    private static readonly Instant Erasing = TestClock.Brussels(2027, 1, 4, 3);
    private static readonly (LocalDate From, LocalDate To) Range = (new LocalDate(2026, 11, 30), new LocalDate(2027, 1, 10));

    private async Task<List<string>> BookingFiguresAsync(Grouping grouping)
    {
        await using var db = Database.NewContext();
        var periods = await new Dashboard(db, Calendar, Clock).FiguresAsync(Range.From, Range.To, grouping);
        return [.. periods.Select(Vector)];
    }

    /// <summary>Every booking figure of a period, by name, so two readings compare figure by figure.</summary>
    private static string Vector(PeriodFigures p) => string.Join(" ", new[]
    {
        p.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), $"made={p.BookingsMade}", $"calls={p.Calls}", $"reached={p.Reached}", $"first={p.ReachedFirstTry}",
        $"unreached={p.Unreached}", $"wrong={p.WrongNumber}", $"open={p.Open}", $"notcalled={p.NotCalled}", $"cancelled={p.Cancelled}",
        $"ratings={p.Ratings}", $"average={p.AverageRating?.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    }.Concat(p.Bookings.Select(b => $"by{b.Key}={b.Value}")).Concat(p.Languages.Select(l => $"in{l.Key}={l.Value}"))
        .Concat(p.Needs.Select(n => $"need{n.Key}={n.Value}")).Concat(p.CallsByLanguage.Select(l => $"demand{l.Key}={l.Value}"))
        .Concat(p.CallsByNeed.Select(n => $"calls{n.Key}={n.Value}")).Concat(p.NotReachedByNeed.Select(n => $"failed{n.Key}={n.Value}")));

    private async Task<List<string>> CountedLiveAsync(Grouping grouping)
    {
        await using (var db = Database.NewContext())
        {
            await db.RollupMarks.Where(m => m.Name == RollupMark.Bookings).ExecuteDeleteAsync();
            await db.BookingDayCounts.ExecuteDeleteAsync();
        }
        return await BookingFiguresAsync(grouping);
    }

    private async Task<int> RollUpBookingsAsync()
    {
        await using var db = Database.NewContext();
        return await new BookingRollup(db, Calendar, Clock).RollUpAsync(CancellationToken.None);
    }

    private async Task EraseSeededAsync()
    {
        Clock.Reset(Erasing);
        await using var db = Database.NewContext();
        await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
    }

    /// <summary>A booking made on the erasing day for a call two days later: it may still change, so it is counted live.</summary>
    private async Task<Booking> BookLiveAsync()
    {
        await using var db = Database.NewContext();
        PhoneNumber.TryParse("0470 70 00 09", out var number);
        var outcome = await NewService(db).BookAsync(TestClock.Brussels(2027, 1, 6, 10), number!, Language.De, "Live", null, new Needs { Sight = true }, FrontEnd.Phone);
        return Assert.IsType<BookingOutcome.Done>(outcome).Booking;
    }

    [Fact]
    public async Task Frozen_bookings_from_the_rollup_and_the_rest_counted_live_give_every_booking_figure_of_counting_every_row_by_day_and_by_week()
    {
        await EraseSeededAsync();
        var live = await BookLiveAsync();
        Clock.Reset(Erasing + Duration.FromHours(2));

        // The six seeded bookings: five calls with every outcome (two rated) and one cancelled, all final and erased.
        Assert.Equal(6, await RollUpBookingsAsync());
        var byDay = await BookingFiguresAsync(Grouping.Day);
        var byWeek = await BookingFiguresAsync(Grouping.Week);

        await using (var db = Database.NewContext())
        {
            Assert.True(await db.BookingDayCounts.AnyAsync(c => c.Figure == "calls" && c.Count == 5));
            Assert.Equal(1, await db.Bookings.CountAsync(b => b.ErasedAt == null && b.Id == live.Id));
        }
        Assert.Contains(byDay, v => v.StartsWith("2026-12-01", StringComparison.Ordinal) && v.Contains(" made=6 ", StringComparison.Ordinal));
        Assert.Contains(byDay, v => v.StartsWith("2026-12-02", StringComparison.Ordinal) && v.Contains(" calls=5 reached=3 first=2 unreached=1 wrong=1 open=0 notcalled=0 cancelled=0 ratings=2 average=4 ", StringComparison.Ordinal));
        Assert.Contains(byDay, v => v.StartsWith("2027-01-04", StringComparison.Ordinal) && v.Contains(" made=1 ", StringComparison.Ordinal) && v.Contains(" byPhone=1 ", StringComparison.Ordinal));
        Assert.Equal(await CountedLiveAsync(Grouping.Day), byDay);
        Assert.Equal(await CountedLiveAsync(Grouping.Week), byWeek);
    }

    [Fact]
    public async Task A_second_rollup_counts_nothing_twice_and_a_booking_erased_within_the_hour_waits_for_the_next_one_counted_live_meanwhile()
    {
        await EraseSeededAsync();
        var expected = await CountedLiveAsync(Grouping.Day);

        Clock.Reset(Erasing + Duration.FromMinutes(30));
        Assert.Equal(0, await RollUpBookingsAsync());
        Assert.Equal(expected, await BookingFiguresAsync(Grouping.Day));

        Clock.Reset(Erasing + Duration.FromMinutes(90));
        Assert.Equal(6, await RollUpBookingsAsync());
        Assert.Equal(0, await RollUpBookingsAsync());
        Assert.Equal(expected, await BookingFiguresAsync(Grouping.Day));
    }

    [Fact]
    public async Task The_dashboard_reads_the_rolled_up_days_from_the_rollup_and_does_not_count_their_bookings_again()
    {
        await EraseSeededAsync();
        Clock.Reset(Erasing + Duration.FromHours(2));
        Assert.Equal(6, await RollUpBookingsAsync());
        await using (var db = Database.NewContext())
        {
            var tuesday = new LocalDate(2026, 12, 1).ToDateOnly();
            Assert.Equal(1, await db.BookingDayCounts.Where(c => c.Day == tuesday && c.Figure == "made:Web").ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 100)));
        }
        var figures = await BookingFiguresAsync(Grouping.Day);
        Assert.Contains(figures, v => v.StartsWith("2026-12-01", StringComparison.Ordinal) && v.Contains(" made=106 ", StringComparison.Ordinal) && v.Contains(" byWeb=104 ", StringComparison.Ordinal));
    }
}
