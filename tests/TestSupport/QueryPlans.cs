using System.Data.Common;
using System.Text.RegularExpressions;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;
using Npgsql;

namespace Allo.TestSupport;

/// <summary>
/// On PostgreSQL, records the plan of every statement a context runs (EXPLAIN of the same text with
/// the same parameters, on the same connection and transaction, before the statement itself), with
/// sequential scans priced out, as a planner does for a table of national size. A scan of a
/// national-size table that no index condition narrows is then still there only because no index can
/// narrow it: at a year of bookings or ten million messages, that statement would read them all.
/// </summary>
public sealed partial class QueryPlans : DbCommandInterceptor
{
    /// <summary>The tables that grow with every booking or message, where a full scan costs seconds at national scale.</summary>
    public static readonly IReadOnlyList<string> NationalTables =
    [
        "Bookings", "OutboundMessages", "SeatClaims", "CallRecords", "ClaimReasons", "AccessLog",
        "Feedback", "InboundTexts", "WaitlistEntries", "WaitlistOffers",
    ];

    private readonly List<(string Sql, string Plan)> _plans = [];

    public IReadOnlyList<(string Sql, string Plan)> Plans => _plans;

    /// <summary>A test's database shaped like a year (<see cref="NationalYear"/>, a few thousand bookings), so the planner weighs its indexes as it would at national size.</summary>
    public static Task ShapeLikeAYearAsync(TestDatabase database, Instant now) =>
        NationalYear.SeedAsync(database.ConnectionString, 20_000, now, seats: false,
            plan: ContactPlanJson.Write(BookingService.PlanFor(Language.Nl, PhoneKind.Mobile, false, Needs.None)));

    /// <summary>Fresh statistics after a test's own rows, as autovacuum would take.</summary>
    public static async Task AnalyzeAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>
    /// Each sequential scan of a national-size table, with its statement. With sequential scans priced
    /// out, one is left only where no index can serve the statement at all, however many rows there are.
    /// </summary>
    public IReadOnlyList<string> SeqScans() => Scans(seqOnly: true);

    /// <summary>
    /// Each scan of a national-size table (<see cref="NationalTables"/>) that reads it whole, with the
    /// statement it belongs to: a sequential scan, or an index scan without an index condition. On a
    /// test's small tables the planner may still walk a whole small index for its order, so this is
    /// asked of statements whose index is meant to narrow them.
    /// </summary>
    public IReadOnlyList<string> FullScans() => Scans(seqOnly: false);

    /// <summary>The plans of the statements whose text contains <paramref name="fragment"/>.</summary>
    public IReadOnlyList<string> PlansOf(string fragment) =>
        [.. _plans.Where(p => p.Sql.Contains(fragment, StringComparison.Ordinal)).Select(p => p.Plan)];

    private List<string> Scans(bool seqOnly)
    {
        var found = new List<string>();
        foreach (var (sql, plan) in _plans)
        {
            var lines = plan.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (ScanOf(lines[i]) is not { } table || !NationalTables.Contains(table))
                {
                    continue;
                }
                // A node's own details are the lines below it up to the next node.
                var narrowed = lines.Skip(i + 1).TakeWhile(l => !IsNode(l)).Any(l => l.Contains("Index Cond:", StringComparison.Ordinal));
                if (lines[i].Contains("Seq Scan", StringComparison.Ordinal) || (!seqOnly && !narrowed))
                {
                    found.Add($"{lines[i].Trim()}\n  in: {sql}");
                }
            }
        }
        return found;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ExplainAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ExplainAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await ExplainAsync(command, cancellationToken);
        return result;
    }

    private async Task ExplainAsync(DbCommand command, CancellationToken ct)
    {
        var sql = command.CommandText.Trim().TrimEnd(';');
        // One statement that reads rows; an insert's plan says nothing, and EXPLAIN takes one statement.
        if (command is not NpgsqlCommand npgsql || sql.Contains(';') || !Explainable().IsMatch(sql))
        {
            return;
        }
        var connection = npgsql.Connection!;
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection, npgsql.Transaction))
        {
            await off.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection, npgsql.Transaction);
            foreach (NpgsqlParameter parameter in npgsql.Parameters)
            {
                explain.Parameters.Add(parameter.Clone());
            }
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    lines.Add(reader.GetString(0));
                }
            }
            _plans.Add((sql, string.Join('\n', lines)));
        }
        finally
        {
            await using var on = new NpgsqlCommand("RESET enable_seqscan", connection, npgsql.Transaction);
            await on.ExecuteNonQueryAsync(ct);
        }
    }

    private static bool IsNode(string line) => line.Contains("->  ", StringComparison.Ordinal);

    /// <summary>The table a plan line scans, when it is a scan node of a table or of one of its indexes (named IX_Table_… or PK_Table).</summary>
    private static string? ScanOf(string line)
    {
        var match = ScanNode().Match(line);
        if (!match.Success)
        {
            return null;
        }
        if (match.Groups["table"].Success)
        {
            return match.Groups["table"].Value;
        }
        // A bitmap index scan names only its index; its heap scan above it is checked through it.
        var index = match.Groups["index"].Value;
        return NationalTables.FirstOrDefault(t => index == "PK_" + t || index.StartsWith("IX_" + t + "_", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\s*(\(|WITH\b|SELECT\b|UPDATE\b|DELETE\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Explainable();

    [GeneratedRegex("""(?:Seq Scan on "(?<table>\w+)"|Index (?:Only )?Scan(?: Backward)? using "[^"]+" on "(?<table>\w+)"|Bitmap Index Scan on "(?<index>[^"]+)")""")]
    private static partial Regex ScanNode();
}
