using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Managers;

/// <summary>
/// Counts each frozen booking once into <see cref="BookingDayCount"/>: a booking in a final status whose
/// personal data was erased never changes again, so its figures (on the day it was made, the day of its
/// call, the day its rating came) are added to those days' counts, and the dashboard counts live only the bookings that may
/// still change. A recurring job, idempotent: each run takes the bookings erased since the mark
/// (<see cref="RollupMark.Before"/>) up to an hour ago, and moves the mark.
/// See docs/decisions/0038-frozen-bookings-are-counted-once.md.
/// </summary>
public sealed class BookingRollup(AlloDbContext db, SlotCalendar calendar, IClock clock)
{
    public const string Id = "booking-rollup";

    /// <summary>
    /// A booking erased this long ago has committed: the retention job's batch that stamped it with its
    /// clock's time cannot still be in flight, so nothing erased before the mark is missed.
    /// </summary>
    public static readonly Duration Grace = Duration.FromHours(1);

    /// <summary>Before any erasure: where the first run starts.</summary>
    internal static readonly Instant Origin = Instant.FromUtc(2000, 1, 1, 0, 0);

    /// <summary>Returns the number of bookings counted.</summary>
    public async Task<int> RollUpAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var frozen = now - Grace;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // Two nodes take turns (the mode conflicts with itself); the dashboard's reads go on.
            // SQLite's immediate transaction holds the one write lock, with the same effect.
            await db.Database.ExecuteSqlRawAsync("""LOCK TABLE "BookingDayCounts" IN EXCLUSIVE MODE""", ct);
        }
        var mark = await db.RollupMarks.FirstOrDefaultAsync(m => m.Name == RollupMark.Bookings, ct);
        var since = mark?.Before ?? Origin;
        if (frozen <= since)
        {
            return 0;
        }
        var statuses = BookingFigures.Changeable.ToList();
        var window = await db.Bookings
            .Where(b => b.ErasedAt >= since && b.ErasedAt < frozen && !statuses.Contains(b.Status))
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), FirstMade = g.Min(b => b.CreatedAt), FirstCall = g.Min(b => b.SlotStart) })
            .FirstOrDefaultAsync(ct);
        if (window is not null)
        {
            var first = Instant.Min(window.FirstMade, window.FirstCall).InZone(calendar.Zone).Date;
            // Feedback comes after the call and before the erasure, so before the mark: its day is in the range too.
            var last = frozen.InZone(calendar.Zone).Date;
            await AddAsync(first, last, since, frozen, now, ct);
        }
        if (mark is null)
        {
            db.RollupMarks.Add(new RollupMark { Name = RollupMark.Bookings, Before = frozen });
        }
        else
        {
            mark.Before = frozen;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return window?.Count ?? 0;
    }

    private async Task AddAsync(LocalDate first, LocalDate last, Instant since, Instant frozen, Instant now, CancellationToken ct)
    {
        var days = new LocalDaysSql(calendar.Zone, first, last, db.Database.IsNpgsql());
        var counted = new Dictionary<(DateOnly Day, string Figure), int>();
        void Add(int day, string figure, int count)
        {
            if (count != 0)
            {
                var key = (first.PlusDays(day).ToDateOnly(), figure);
                counted[key] = counted.GetValueOrDefault(key) + count;
            }
        }
        IReadOnlyList<(string, Instant)> parameters = [("since", since), ("frozen", frozen), ("now", now)];
        await BookingFigures.MadeAsync(db, days, BookingFigures.FrozenBetween("CreatedAt"), parameters, Add, ct);
        await BookingFigures.CallsAsync(db, days, BookingFigures.FrozenBetween("SlotStart"), parameters, Add, ct);
        await BookingFigures.RatingsAsync(db, days, BookingFigures.FrozenBetween(null), parameters, Add, ct);

        var (from, to) = (first.ToDateOnly(), last.ToDateOnly());
        var existing = await db.BookingDayCounts.Where(c => c.Day >= from && c.Day <= to).ToDictionaryAsync(c => (c.Day, c.Figure), ct);
        foreach (var ((day, figure), count) in counted)
        {
            if (existing.TryGetValue((day, figure), out var row))
            {
                row.Count += count;
            }
            else
            {
                db.BookingDayCounts.Add(new BookingDayCount { Day = day, Figure = figure, Count = count });
            }
        }
    }
}
