using Allo.Domain.Waitlist;
using Allo.Scheduler.Waitlist;
using NodaTime;

namespace Allo.Scheduler.Managers;

// The waitlist's figures: its length for each day of the range, and the offers that ended, by how.
public sealed partial class Dashboard
{
    private async Task WaitlistAsync(LocalDaysSql days, Func<int, PeriodFigures> periodOf, IReadOnlyList<PeriodFigures> periods, CancellationToken ct)
    {
        var counted = string.Join(", ", new[] { OfferOutcome.Taken, OfferOutcome.Expired, OfferOutcome.Declined }.Select(o => $"'{o}'"));
        var offers = $"""
            SELECT {days.DayOf("\"ClosedAt\"")}, "Outcome", COUNT(*)
            FROM "WaitlistOffers"
            WHERE "ClosedAt" >= @start AND "ClosedAt" < @end AND "Outcome" IN ({counted})
            GROUP BY 1, 2
            """;
        await ReadAsync(offers, days, [], row => periodOf(Int(row, 0)).Offers[Enum.Parse<OfferOutcome>(row.GetString(1))] += Int(row, 2), ct);

        // The line as it stands, grouped by wish: a few rows (wishes share their days), each added to
        // every period its days overlap, so an entry counts once in a week, not once for each day.
        var line = $"""
            SELECT "FirstDay", "LastDay", COUNT(*)
            FROM "WaitlistEntries"
            WHERE "Status" IN ('{WaitlistStatus.Waiting}', '{WaitlistStatus.Offered}')
            GROUP BY 1, 2
            """;
        await ReadAsync(line, days, [], row =>
        {
            var (first, last) = (Date(row.GetValue(0)), Date(row.GetValue(1)));
            foreach (var period in periods.Where(p => p.Start <= last && p.End >= first))
            {
                period.WaitingInLine += Int(row, 2);
            }
        }, ct);
    }

    // A date column comes back as text on SQLite and as a date on PostgreSQL.
    private static LocalDate Date(object value) => value switch
    {
        DateOnly date => LocalDate.FromDateOnly(date),
        DateTime dateTime => LocalDate.FromDateTime(dateTime),
        _ => LocalDate.FromDateOnly(DateOnly.ParseExact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
    };
}
