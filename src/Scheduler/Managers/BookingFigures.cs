using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Persistence;
using NodaTime;

namespace Allo.Scheduler.Managers;

/// <summary>
/// The bookings' figures (made, calls and their outcomes, per front end, language and need) as named
/// counts per local day, from one GROUP BY on the day they were made and one on the day of the call.
/// The same SQL counts the live rows for the dashboard and the frozen rows for <see cref="BookingRollup"/>,
/// so the rollup and the live count cannot disagree on what a figure is
/// (docs/decisions/0038-frozen-bookings-are-counted-once.md).
/// </summary>
internal static class BookingFigures
{
    private static readonly string[] CountedNeeds = [.. NeedNames.All, NeedNames.None];

    /// <summary>Statuses a booking can still leave, read from the domain's transitions: Booked, Queued, Offered.</summary>
    public static readonly IReadOnlyList<BookingStatus> Changeable =
        [.. Enum.GetValues<BookingStatus>().Where(s => Enum.GetValues<BookingStatus>().Any(t => s.CanBecome(t)))];

    /// <summary>
    /// The rows that may still change: not yet erased, or in a status with a way out. A booking that is
    /// neither (final and erased) never changes again: no transition leaves a final status, erasure
    /// happens once, and no code deletes a booking. Also the filter of the live rows' partial indexes.
    /// </summary>
    public static readonly string MayChange = $"\"ErasedAt\" IS NULL OR \"Status\" IN ({string.Join(", ", Changeable.Select(s => $"'{s}'"))})";

    private static readonly string Frozen = $"\"Status\" NOT IN ({string.Join(", ", Changeable.Select(s => $"'{s}'"))})";

    // Without a column, every row: the feedback's range is on its own table.
    private static string Range(string? column) => column is null ? "1 = 1" : $"\"{column}\" >= @start AND \"{column}\" < @end";

    /// <summary>
    /// Every row the rollup has not counted: those that may change (through the partial index on
    /// <paramref name="column"/>), and those frozen at or after the rollup's mark (@frozen).
    /// </summary>
    public static string Live(string? column) => $"""
        (SELECT * FROM "Bookings" WHERE {Range(column)} AND ({MayChange})
         UNION ALL
         SELECT * FROM "Bookings" WHERE {Range(column)} AND "ErasedAt" >= @frozen AND {Frozen}) b
        """;

    /// <summary>The rows frozen in the rollup's window: erased at or after @since and before @frozen, in a final status.</summary>
    public static string FrozenBetween(string? column) =>
        $"""(SELECT * FROM "Bookings" WHERE {Range(column)} AND "ErasedAt" >= @since AND "ErasedAt" < @frozen AND {Frozen}) b""";

    /// <summary>The frozen rows' status filter, for LINQ.</summary>
    public static bool IsFrozen(BookingStatus status) => !Changeable.Contains(status);

    private static string Sum(string condition) => $"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)";

    // A seat held for a waitlist offer is a booking only once the citizen takes it (it then counts on the day they did).
    private static readonly string NotAHold = $"\"Status\" NOT IN ('{BookingStatus.Offered}', '{BookingStatus.OfferLapsed}')";

    private static string In(IEnumerable<BookingStatus> statuses) => "\"Status\" IN (" + string.Join(", ", statuses.Select(s => $"'{s}'")) + ")";

    /// <summary>Bookings made per day (counted from the range's first), as figures: front end, language, need.</summary>
    public static Task MadeAsync(AlloDbContext db, LocalDaysSql days, string source, IReadOnlyList<(string, Instant)> parameters, Action<int, string, int> add, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("\"CreatedAt\"")}, "FrontEnd", "Language", COUNT(*), {string.Join(", ", CountedNeeds.Select(n => Sum(NeedNames.Sql(n))))}
            FROM {source}
            WHERE {NotAHold}
            GROUP BY 1, 2, 3
            """;
        return Dashboard.ReadAsync(db, sql, days, parameters, row =>
        {
            var day = Dashboard.Int(row, 0);
            var count = Dashboard.Int(row, 3);
            add(day, "made:" + row.GetString(1), count);
            add(day, "language:" + row.GetString(2), count);
            for (var i = 0; i < CountedNeeds.Length; i++)
            {
                add(day, "need:" + CountedNeeds[i], Dashboard.Int(row, 4 + i));
            }
        }, ct);
    }

    /// <summary>Calls per day of the call: the demand per language, and those that have come (@now) with their outcomes and needs.</summary>
    public static Task CallsAsync(AlloDbContext db, LocalDaysSql days, string source, IReadOnlyList<(string, Instant)> parameters, Action<int, string, int> add, CancellationToken ct)
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
            FROM {source}
            WHERE "Status" <> '{BookingStatus.Cancelled}' AND {NotAHold}
            GROUP BY 1, 2
            """;
        string[] names = ["calls", "reached", "reached-first-try", "unreached", "wrong-number", "open", "not-called"];
        return Dashboard.ReadAsync(db, sql, days, parameters, row =>
        {
            var day = Dashboard.Int(row, 0);
            add(day, "demand:" + row.GetString(1), Dashboard.Int(row, 2));
            for (var i = 0; i < names.Length; i++)
            {
                add(day, names[i], Dashboard.Int(row, 3 + i));
            }
            for (var i = 0; i < CountedNeeds.Length; i++)
            {
                add(day, "calls-need:" + CountedNeeds[i], Dashboard.Int(row, 10 + 2 * i));
                add(day, "not-reached-need:" + CountedNeeds[i], Dashboard.Int(row, 11 + 2 * i));
            }
        }, ct);
    }

    /// <summary>
    /// Ratings per day they came, of the bookings in <paramref name="source"/>: feedback comes only for a
    /// call that helped and is not erased (FeedbackService), so a frozen booking's feedback is frozen too.
    /// </summary>
    public static Task RatingsAsync(AlloDbContext db, LocalDaysSql days, string source, IReadOnlyList<(string, Instant)> parameters, Action<int, string, int> add, CancellationToken ct)
    {
        var sql = $"""
            SELECT {days.DayOf("f.\"ReceivedAt\"")}, COUNT(*), SUM(f."Rating")
            FROM "Feedback" f JOIN {source} ON b."Id" = f."BookingId"
            WHERE f."ReceivedAt" >= @start AND f."ReceivedAt" < @end AND f."Rating" IS NOT NULL
            GROUP BY 1
            """;
        return Dashboard.ReadAsync(db, sql, days, parameters, row =>
        {
            var day = Dashboard.Int(row, 0);
            add(day, "ratings", Dashboard.Int(row, 1));
            add(day, "rating-total", Dashboard.Int(row, 2));
        }, ct);
    }

    /// <summary>Adds one named count to the period it belongs to.</summary>
    public static void Apply(PeriodFigures p, string figure, int count)
    {
        var colon = figure.IndexOf(':', StringComparison.Ordinal);
        var (kind, key) = colon < 0 ? (figure, "") : (figure[..colon], figure[(colon + 1)..]);
        switch (kind)
        {
            case "made": p.Bookings[Enum.Parse<FrontEnd>(key)] += count; break;
            case "language": p.Languages[Enum.Parse<Language>(key)] += count; break;
            case "need": p.Needs[key] += count; break;
            case "demand": p.CallsByLanguage[Enum.Parse<Language>(key)] += count; break;
            case "calls": p.Calls += count; break;
            case "reached": p.Reached += count; break;
            case "reached-first-try": p.ReachedFirstTry += count; break;
            case "unreached": p.Unreached += count; break;
            case "wrong-number": p.WrongNumber += count; break;
            case "open": p.Open += count; break;
            case "not-called": p.NotCalled += count; break;
            case "calls-need": p.CallsByNeed[key] += count; break;
            case "not-reached-need": p.NotReachedByNeed[key] += count; break;
            case "ratings": p.Ratings += count; break;
            case "rating-total": p.RatingTotal += count; break;
            default: throw new ArgumentOutOfRangeException(nameof(figure), figure, "Not a booking figure.");
        }
    }
}
