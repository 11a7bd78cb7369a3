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
    /// <summary>
    /// The bookings' figures: the frozen bookings' from the rollup (<see cref="BookingRollup"/>), the others
    /// counted live. Both together are exactly what counting every row would give.
    /// </summary>
    private async Task BookingsAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, Instant now, CancellationToken ct)
    {
        void Add(int day, string figure, int count) => BookingFigures.Apply(periodOf(day), figure, count);
        var frozen = await db.RollupMarks.AsNoTracking().Where(m => m.Name == RollupMark.Bookings).Select(m => m.Before).FirstOrDefaultAsync(ct);
        if (frozen is not null)
        {
            var (first, last) = (days.First.ToDateOnly(), days.Last.ToDateOnly());
            foreach (var row in await db.BookingDayCounts.AsNoTracking().Where(c => c.Day >= first && c.Day <= last).ToListAsync(ct))
            {
                Add(row.Day.DayNumber - first.DayNumber, row.Figure, row.Count);
            }
        }
        IReadOnlyList<(string, Instant)> parameters = [("frozen", frozen ?? BookingRollup.Origin), ("now", now)];
        await BookingFigures.MadeAsync(db, days, BookingFigures.Live("CreatedAt"), parameters, Add, ct);
        await BookingFigures.CallsAsync(db, days, BookingFigures.Live("SlotStart"), parameters, Add, ct);
        await BookingFigures.RatingsAsync(db, days, BookingFigures.Live(null), parameters, Add, ct);
    }

    private async Task SeatsAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"SlotStart\"")}, "Language", SUM("Seats")
            FROM "SlotLanguageSeats"
            WHERE "SlotStart" >= @start AND "SlotStart" < @end AND "Seats" > 0
            GROUP BY 1, 2
            """;
        await ReadAsync(sql, days, [], row => periodOf(Int(row, 0)).SeatsByLanguage[Enum.Parse<Language>(row.GetString(1))] += Int(row, 2), ct);
    }

    private async Task CancelledAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"CancelledAt\"")}, COUNT(*)
            FROM "Bookings"
            WHERE "CancelledAt" >= @start AND "CancelledAt" < @end
            GROUP BY 1
            """;
        await ReadAsync(sql, days, [], row => periodOf(Int(row, 0)).Cancelled += Int(row, 1), ct);
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
        return ReadAsync(db, sql, days, [], row => add(Int(row, 0), Enum.Parse<Channel>(row.GetString(1)), Enum.Parse<DeliveryStatus>(row.GetString(2)), Int(row, 3)), ct);
    }

    // COUNT and SUM come back as long on SQLite and bigint or numeric on PostgreSQL.
    internal static int Int(DbDataReader row, int ordinal) => Convert.ToInt32(row.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private Task ReadAsync(string sql, LocalDaysSql days, IReadOnlyList<(string Name, Instant Value)> parameters, Action<DbDataReader> read, CancellationToken ct) =>
        ReadAsync(db, sql, days, parameters, read, ct);

    internal static async Task ReadAsync(AlloDbContext db, string sql, LocalDaysSql days, IReadOnlyList<(string Name, Instant Value)> parameters, Action<DbDataReader> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            days.AddParameters(command);
            foreach (var (name, value) in parameters)
            {
                LocalDaysSql.Add(command, name, value);
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
