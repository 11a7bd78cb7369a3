using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Managers;

public enum Grouping
{
    Day,
    Week,
}

/// <summary>One day or week of the service, as a manager reads it.</summary>
public sealed record PeriodFigures(LocalDate Start, LocalDate End)
{
    /// <summary>Bookings made in the period, by where they were made.</summary>
    public Dictionary<FrontEnd, int> Bookings { get; } = Enum.GetValues<FrontEnd>().ToDictionary(f => f, _ => 0);
    public int BookingsMade => Bookings.Values.Sum();
    /// <summary>Calls whose time fell in the period and has passed (not cancelled).</summary>
    public int Calls { get; set; }
    public int ReachedFirstTry { get; set; }
    public int Reached { get; set; }
    /// <summary>Nobody answered, after every try: the no-shows.</summary>
    public int Unreached { get; set; }
    public int WrongNumber { get; set; }
    /// <summary>Still waiting in the queue, or never given an outcome.</summary>
    public int Open { get; set; }
    /// <summary>Still waiting when the day's opening hours ended: closed by the service, the citizen told how to book again.</summary>
    public int NotCalled { get; set; }
    public int Cancelled { get; set; }
    public int Ratings { get; set; }
    public double? AverageRating { get; set; }
    /// <summary>The ratings added up: a week's average is its total over its count, not an average of the days' averages.</summary>
    internal long RatingTotal { get; set; }
    /// <summary>Bookings made in the period per need ("None" for none); a booking can count for several.</summary>
    public Dictionary<string, int> Needs { get; } = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, _ => 0);
    public Dictionary<Language, int> Languages { get; } = Domain.Languages.All.ToDictionary(l => l, _ => 0);
    /// <summary>Calls in each call language whose time falls in the period (not cancelled): the demand.</summary>
    public Dictionary<Language, int> CallsByLanguage { get; } = Domain.Languages.All.ToDictionary(l => l, _ => 0);
    /// <summary>
    /// Seats in each language over the period's slots: the agents on shift who speak it, slot by slot,
    /// as the seat ledger wrote them (docs/decisions/0016-seats-per-language.md).
    /// </summary>
    public Dictionary<Language, int> SeatsByLanguage { get; } = Domain.Languages.All.ToDictionary(l => l, _ => 0);
    public Dictionary<Channel, (int Sent, int Failed)> Messages { get; } = Enum.GetValues<Channel>().ToDictionary(c => c, _ => (0, 0));
    /// <summary>Calls of the period that never reached the citizen (unreached or wrong number), per need.</summary>
    public Dictionary<string, int> NotReachedByNeed { get; } = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, _ => 0);
    /// <summary>Citizens in line now (waiting or with an open offer) whose wish includes a day of the period.</summary>
    public int WaitingInLine { get; set; }
    /// <summary>Waitlist offers that ended in the period, by how (taken, expired, declined).</summary>
    public Dictionary<Scheduler.Waitlist.OfferOutcome, int> Offers { get; } = new() { [Scheduler.Waitlist.OfferOutcome.Taken] = 0, [Scheduler.Waitlist.OfferOutcome.Expired] = 0, [Scheduler.Waitlist.OfferOutcome.Declined] = 0 };
    /// <summary>Calls of the period per need, the denominator of <see cref="NotReachedByNeed"/>.</summary>
    public Dictionary<string, int> CallsByNeed { get; } = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, _ => 0);
}

/// <summary>
/// The figures of the inclusion dashboard. Bookings count on the day they were made; calls, outcomes
/// and failures on the day of the call; feedback on the day it came; messages on the day of their last
/// status. Everything is read from the app's own tables, so erased personal data changes no figure.
/// The database does the counting: each table is read by one GROUP BY on the local day
/// (<see cref="LocalDaysSql"/>), and only the sums per day come back to be added into the periods.
/// </summary>
public sealed partial class Dashboard(AlloDbContext db, SlotCalendar calendar, IClock clock)
{
    public const int MaxDays = 371;

    public async Task<IReadOnlyList<PeriodFigures>> FiguresAsync(LocalDate from, LocalDate to, Grouping grouping, CancellationToken ct = default)
    {
        if (to < from || Period.Between(from, to, PeriodUnits.Days).Days >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"A range of 1 to {MaxDays} days.");
        }
        if (grouping == Grouping.Week)
        {
            // Whole weeks, Monday to Sunday.
            from = from.PlusDays(1 - (int)from.DayOfWeek);
            to = to.PlusDays(7 - (int)to.DayOfWeek);
        }
        var step = grouping == Grouping.Day ? 1 : 7;
        var periods = new List<PeriodFigures>();
        for (var start = from; start <= to; start = start.PlusDays(step))
        {
            periods.Add(new PeriodFigures(start, start.PlusDays(step - 1)));
        }
        var days = new LocalDaysSql(calendar.Zone, from, to, db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true);
        // Periods are back to back from `from`, so a day's period is found by arithmetic, not by a search.
        PeriodFigures PeriodOf(int day) => periods[day / step];

        // One snapshot for every read, so a rollup committing meanwhile is seen either whole or not at all.
        await using var tx = await BeginSnapshotAsync(ct);
        await BookingsAsync(days, PeriodOf, clock.GetCurrentInstant(), ct);
        await SeatsAsync(days, PeriodOf, ct);
        await CancelledAsync(days, PeriodOf, ct);
        await MessagesAsync(from, to, PeriodOf, ct);
        await WaitlistAsync(days, PeriodOf, periods, ct);
        foreach (var p in periods.Where(p => p.Ratings > 0))
        {
            p.AverageRating = (double)p.RatingTotal / p.Ratings;
        }
        return periods;
    }

    /// <summary>
    /// A read-only transaction over every query: REPEATABLE READ on PostgreSQL; on SQLite a deferred one,
    /// a WAL snapshot that takes no write lock (EF's own would be immediate and stop the writers).
    /// </summary>
    private async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            var tx = sqlite.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(tx, ct);
            return new Snapshot(db, tx);
        }
        return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
    }

    private sealed class Snapshot(AlloDbContext db, System.Data.Common.DbTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await tx.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}
