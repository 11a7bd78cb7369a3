using System.Data.Common;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace Allo.Scheduler.Managers;

// One GROUP BY per table and date column. The SQL is written once for both providers: quoted
// names, CASE and SUM read the same on SQLite and PostgreSQL; only the day expression differs.
public sealed partial class Dashboard
{
    private static readonly string[] CountedNeeds = [.. NeedNames.All, NeedNames.None];

    private static string Sum(string condition) => $"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)";

    // A seat held for a waitlist offer is a booking only once the citizen takes it (it then counts on the day they did).
    private static readonly string NotAHold = $"\"Status\" NOT IN ('{BookingStatus.Offered}', '{BookingStatus.OfferLapsed}')";

    private static string In(IEnumerable<BookingStatus> statuses) => "\"Status\" IN (" + string.Join(", ", statuses.Select(s => $"'{s}'")) + ")";

    private async Task BookingsMadeAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"CreatedAt\"")}, "FrontEnd", "Language", COUNT(*), {string.Join(", ", CountedNeeds.Select(n => Sum(NeedNames.Sql(n))))}
            FROM "Bookings"
            WHERE "CreatedAt" >= @start AND "CreatedAt" < @end AND {NotAHold}
            GROUP BY 1, 2, 3
            """;
        await ReadAsync(sql, days, null, row =>
        {
            var p = periodOf(Int(row, 0));
            var count = Int(row, 3);
            p.Bookings[Enum.Parse<FrontEnd>(row.GetString(1))] += count;
            p.Languages[Enum.Parse<Language>(row.GetString(2))] += count;
            for (var i = 0; i < CountedNeeds.Length; i++)
            {
                p.Needs[CountedNeeds[i]] += Int(row, 4 + i);
            }
        }, ct);
    }

    /// <summary>Calls that have come (with their outcomes and needs) and the demand per language, from one read of the slots' bookings.</summary>
    private async Task CallsAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, Instant now, CancellationToken ct)
    {
        const string past = "\"SlotStart\" <= @now";
        var reached = In([BookingStatus.Helped, BookingStatus.NeedsFollowUp]);
        var failed = In([BookingStatus.Unreached, BookingStatus.WrongNumber]);
        var perNeed = CountedNeeds.SelectMany(n => new[]
        {
            Sum($"{past} AND {NeedNames.Sql(n)}"),
            Sum($"{past} AND {NeedNames.Sql(n)} AND {failed}"),
        });
        var sql = $"""
            SELECT {days.DayOf("\"SlotStart\"")}, "Language", COUNT(*),
                {Sum(past)}, {Sum($"{past} AND {reached}")}, {Sum($"{past} AND {reached} AND \"CallAttempts\" = 1")},
                {Sum($"{past} AND \"Status\" = '{BookingStatus.Unreached}'")}, {Sum($"{past} AND \"Status\" = '{BookingStatus.WrongNumber}'")},
                {Sum($"{past} AND {In(BookingStatuses.Active)}")}, {Sum($"\"Status\" = '{BookingStatus.NotCalled}'")}, {string.Join(", ", perNeed)}
            FROM "Bookings"
            WHERE "SlotStart" >= @start AND "SlotStart" < @end AND "Status" <> '{BookingStatus.Cancelled}' AND {NotAHold}
            GROUP BY 1, 2
            """;
        await ReadAsync(sql, days, now, row =>
        {
            var p = periodOf(Int(row, 0));
            p.CallsByLanguage[Enum.Parse<Language>(row.GetString(1))] += Int(row, 2);
            p.Calls += Int(row, 3);
            p.Reached += Int(row, 4);
            p.ReachedFirstTry += Int(row, 5);
            p.Unreached += Int(row, 6);
            p.WrongNumber += Int(row, 7);
            p.Open += Int(row, 8);
            p.NotCalled += Int(row, 9);
            for (var i = 0; i < CountedNeeds.Length; i++)
            {
                p.CallsByNeed[CountedNeeds[i]] += Int(row, 10 + 2 * i);
                p.NotReachedByNeed[CountedNeeds[i]] += Int(row, 11 + 2 * i);
            }
        }, ct);
    }

    private async Task SeatsAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"SlotStart\"")}, "Language", SUM("Seats")
            FROM "SlotLanguageSeats"
            WHERE "SlotStart" >= @start AND "SlotStart" < @end AND "Seats" > 0
            GROUP BY 1, 2
            """;
        await ReadAsync(sql, days, null, row => periodOf(Int(row, 0)).SeatsByLanguage[Enum.Parse<Language>(row.GetString(1))] += Int(row, 2), ct);
    }

    private async Task CancelledAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"CancelledAt\"")}, COUNT(*)
            FROM "Bookings"
            WHERE "CancelledAt" >= @start AND "CancelledAt" < @end
            GROUP BY 1
            """;
        await ReadAsync(sql, days, null, row => periodOf(Int(row, 0)).Cancelled += Int(row, 1), ct);
    }

    private async Task RatingsAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"ReceivedAt\"")}, COUNT(*), SUM("Rating")
            FROM "Feedback"
            WHERE "ReceivedAt" >= @start AND "ReceivedAt" < @end AND "Rating" IS NOT NULL
            GROUP BY 1
            """;
        // The average of a week is its total over its count, not an average of the days' averages.
        // By reference: a record's equality reads its counts, which change as the rows come in.
        var totals = new Dictionary<PeriodFigures, long>(ReferenceEqualityComparer.Instance);
        await ReadAsync(sql, days, null, row =>
        {
            var p = periodOf(Int(row, 0));
            p.Ratings += Int(row, 1);
            totals[p] = totals.GetValueOrDefault(p) + Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        }, ct);
        foreach (var (p, total) in totals)
        {
            p.AverageRating = (double)total / p.Ratings;
        }
    }

    /// <summary>
    /// Messages per day, channel and status: closed days from the rollup (<see cref="MessageRollup"/>),
    /// the days after its mark counted live. Both together are exactly what counting every row would give.
    /// </summary>
    private async Task MessagesAsync(LocalDate from, LocalDate to, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        void Add(int day, Channel channel, DeliveryStatus status, int count)
        {
            var p = periodOf(day);
            var (sent, failed) = p.Messages[channel];
            p.Messages[channel] = status is DeliveryStatus.Failed or DeliveryStatus.Undeliverable ? (sent, failed + count) : (sent + count, failed);
        }
        var mark = await db.RollupMarks.AsNoTracking().Where(m => m.Name == RollupMark.Messages).Select(m => (DateOnly?)m.Through).FirstOrDefaultAsync(ct);
        var first = from.ToDateOnly();
        var liveFrom = from;
        if (mark is { } through && through >= first)
        {
            var last = to.ToDateOnly() < through ? to.ToDateOnly() : through;
            foreach (var row in await db.MessageDayCounts.AsNoTracking().Where(c => c.Day >= first && c.Day <= last).ToListAsync(ct))
            {
                Add(row.Day.DayNumber - first.DayNumber, row.Channel, row.Status, row.Count);
            }
            liveFrom = LocalDate.FromDateOnly(last).PlusDays(1);
        }
        if (liveFrom <= to)
        {
            var offset = liveFrom.ToDateOnly().DayNumber - first.DayNumber;
            await CountMessagesAsync(db, new LocalDaysSql(calendar.Zone, liveFrom, to, db.Database.IsNpgsql()), (day, channel, status, count) => Add(offset + day, channel, status, count), ct);
        }
    }

    /// <summary>One GROUP BY: messages per local day (counted from the range's first), channel and counted status.</summary>
    internal static Task CountMessagesAsync(AlloDbContext db, LocalDaysSql days, Action<int, Channel, DeliveryStatus, int> add, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"StatusAt\"")}, "Channel", "Status", COUNT(*)
            FROM "OutboundMessages"
            WHERE "StatusAt" >= @start AND "StatusAt" < @end AND "Status" IN ({string.Join(", ", MessageRollup.Counted.Select(s => $"'{s}'"))})
            GROUP BY 1, 2, 3
            """;
        return ReadAsync(db, sql, days, null, row => add(Int(row, 0), Enum.Parse<Channel>(row.GetString(1)), Enum.Parse<DeliveryStatus>(row.GetString(2)), Int(row, 3)), ct);
    }

    // COUNT and SUM come back as long on SQLite and bigint or numeric on PostgreSQL.
    private static int Int(DbDataReader row, int ordinal) => Convert.ToInt32(row.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private Task ReadAsync(string sql, LocalDaysSql days, Instant? now, Action<DbDataReader> read, CancellationToken ct) =>
        ReadAsync(db, sql, days, now, read, ct);

    private static async Task ReadAsync(AlloDbContext db, string sql, LocalDaysSql days, Instant? now, Action<DbDataReader> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            days.AddParameters(command);
            if (now is { } instant)
            {
                LocalDaysSql.Add(command, "now", instant);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
