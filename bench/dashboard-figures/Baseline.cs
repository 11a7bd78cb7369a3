using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Managers;
using NodaTime;
using Npgsql;

/// <summary>
/// The same rows grouped by the plainest SQL: PostgreSQL's own time-zone data for the local day, one
/// COUNT or SUM per group, no sums per need. Each day's figures are one vector (the layout below), so
/// a dashboard period is checked by adding up the vectors of its days.
/// </summary>
internal static class Baseline
{
    private static readonly FrontEnd[] FrontEnds = Enum.GetValues<FrontEnd>();
    private static readonly Channel[] Channels = Enum.GetValues<Channel>();
    private static readonly IReadOnlyList<Language> Languages = Allo.Domain.Languages.All;

    private const int MadeBy = 1;
    private static readonly int MadeIn = MadeBy + FrontEnds.Length;
    private static readonly int Demand = MadeIn + Languages.Count;
    private static readonly int Calls = Demand + Languages.Count;
    private static readonly int Cancelled = Calls + 7;
    private static readonly int Seats = Cancelled + 3;
    public static readonly int Sent = Seats + Languages.Count;
    private static readonly int Failed = Sent + Channels.Length;
    private static readonly int Length = Failed + Channels.Length;

    private static readonly string[] Names = [.. new[] { "made" }, .. FrontEnds.Select(f => $"made {f}"), .. Languages.Select(l => $"made {l}"),
        .. Languages.Select(l => $"demand {l}"), "calls", "reached", "reached first try", "unreached", "wrong number", "open", "not called",
        "cancelled", "ratings", "rating total", .. Languages.Select(l => $"seats {l}"), .. Channels.Select(c => $"sent {c}"), .. Channels.Select(c => $"failed {c}")];

    public static async Task<Dictionary<LocalDate, long[]>> DaysAsync(NpgsqlConnection data, LocalDate from, LocalDate to)
    {
        var zone = Allo.Domain.Slots.SlotCalendar.Brussels;
        var start = from.AtStartOfDayInZone(zone).ToInstant().ToDateTimeUtc();
        var end = to.PlusDays(1).AtStartOfDayInZone(zone).ToInstant().ToDateTimeUtc();
        var days = new Dictionary<LocalDate, long[]>();
        long[] Day(NpgsqlDataReader row)
        {
            var date = row.GetFieldValue<DateOnly>(0);
            var key = new LocalDate(date.Year, date.Month, date.Day);
            return days.TryGetValue(key, out var v) ? v : days[key] = new long[Length];
        }
        async Task ReadAsync(string column, string sql, Action<long[], NpgsqlDataReader> add)
        {
            var text = sql.Replace("DAY", $"(\"{column}\" AT TIME ZONE 'Europe/Brussels')::date", StringComparison.Ordinal)
                .Replace("RANGE", $"\"{column}\" >= @start AND \"{column}\" < @end", StringComparison.Ordinal);
            await using var command = new NpgsqlCommand(text, data) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("start", start);
            command.Parameters.AddWithValue("end", end);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                add(Day(reader), reader);
            }
        }
        static long N(NpgsqlDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
        static int Of<T>(IReadOnlyList<T> all, string name) where T : struct, Enum => all.ToList().IndexOf(Enum.Parse<T>(name));

        await ReadAsync("CreatedAt", """SELECT DAY, "FrontEnd", "Language", count(*) FROM "Bookings" WHERE RANGE GROUP BY 1, 2, 3""", (v, r) =>
        {
            v[0] += N(r, 3);
            v[MadeBy + Of(FrontEnds, r.GetString(1))] += N(r, 3);
            v[MadeIn + Of(Languages, r.GetString(2))] += N(r, 3);
        });
        // The bench's clock is after every slot of the range, so every call that is not cancelled has come.
        await ReadAsync("SlotStart", """SELECT DAY, "Language", "Status", "CallAttempts" = 1, count(*) FROM "Bookings" WHERE RANGE AND "Status" <> 'Cancelled' GROUP BY 1, 2, 3, 4""", (v, r) =>
        {
            var n = N(r, 4);
            var status = Enum.Parse<BookingStatus>(r.GetString(2));
            var reached = status is BookingStatus.Helped or BookingStatus.NeedsFollowUp;
            v[Demand + Of(Languages, r.GetString(1))] += n;
            v[Calls] += n;
            v[Calls + 1] += reached ? n : 0;
            v[Calls + 2] += reached && r.GetBoolean(3) ? n : 0;
            v[Calls + 3] += status == BookingStatus.Unreached ? n : 0;
            v[Calls + 4] += status == BookingStatus.WrongNumber ? n : 0;
            v[Calls + 5] += status.IsActive() ? n : 0;
            v[Calls + 6] += status == BookingStatus.NotCalled ? n : 0;
        });
        await ReadAsync("CancelledAt", """SELECT DAY, count(*) FROM "Bookings" WHERE RANGE GROUP BY 1""", (v, r) => v[Cancelled] += N(r, 1));
        await ReadAsync("ReceivedAt", """SELECT DAY, count(*), sum("Rating") FROM "Feedback" WHERE RANGE AND "Rating" IS NOT NULL GROUP BY 1""", (v, r) =>
        {
            v[Cancelled + 1] += N(r, 1);
            v[Cancelled + 2] += N(r, 2);
        });
        await ReadAsync("SlotStart", """SELECT DAY, "Language", sum("Seats") FROM "SlotLanguageSeats" WHERE RANGE AND "Seats" > 0 GROUP BY 1, 2""",
            (v, r) => v[Seats + Of(Languages, r.GetString(1))] += N(r, 2));
        await ReadAsync("StatusAt", """SELECT DAY, "Channel", "Status", count(*) FROM "OutboundMessages" WHERE RANGE AND "Status" IN ('Sent', 'Delivered', 'Failed', 'Undeliverable') GROUP BY 1, 2, 3""", (v, r) =>
        {
            var failed = r.GetString(2) is "Failed" or "Undeliverable";
            v[(failed ? Failed : Sent) + Of(Channels, r.GetString(1))] += N(r, 3);
        });
        return days;
    }

    /// <summary>Every figure of every period that differs from the sum of the baseline's days in it.</summary>
    public static IEnumerable<string> Compare(string label, IEnumerable<PeriodFigures> periods, Func<PeriodFigures, IEnumerable<long[]>> daysOf)
    {
        foreach (var p in periods)
        {
            var expected = new long[Length];
            foreach (var day in daysOf(p))
            {
                for (var i = 0; i < Length; i++)
                {
                    expected[i] += day[i];
                }
            }
            var actual = Vector(p);
            for (var i = 0; i < Length; i++)
            {
                if (actual[i] != expected[i])
                {
                    yield return $"{label} {p.Start:yyyy-MM-dd} {Names[i]}: dashboard {actual[i]}, baseline {expected[i]}";
                }
            }
        }
    }

    private static long[] Vector(PeriodFigures p) =>
    [
        p.BookingsMade, .. FrontEnds.Select(f => (long)p.Bookings[f]), .. Languages.Select(l => (long)p.Languages[l]),
        .. Languages.Select(l => (long)p.CallsByLanguage[l]), p.Calls, p.Reached, p.ReachedFirstTry, p.Unreached, p.WrongNumber, p.Open, p.NotCalled,
        p.Cancelled, p.Ratings, (long)Math.Round((p.AverageRating ?? 0) * p.Ratings), .. Languages.Select(l => (long)p.SeatsByLanguage[l]),
        .. Channels.Select(c => (long)p.Messages[c].Sent), .. Channels.Select(c => (long)p.Messages[c].Failed),
    ];
}
