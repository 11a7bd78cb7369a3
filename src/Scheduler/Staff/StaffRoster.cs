using System.Globalization;
using CsvHelper;

namespace Allo.Scheduler.Staff;

/// <summary>One problem in a roster file: the row (1 is the header), the column, and a code the page words.</summary>
public sealed record RosterProblem(int Row, string Column, string Problem);

/// <param name="Added">The new accounts, each with its one-time link (shown once).</param>
/// <param name="Updated">Existing emails whose name, role, languages or skills changed.</param>
/// <param name="Unchanged">Existing emails already as the file says.</param>
public sealed record RosterResult(IReadOnlyList<RosterProblem> Problems, IReadOnlyList<IssuedLink> Added, int Updated, int Unchanged);

/// <summary>
/// A team roster from CSV (name, email, role, languages, and optionally skills): every row is checked
/// before anything is written, and then all of it is written in one transaction, or none. An email
/// that has an account updates it; it never makes a second one.
/// </summary>
public sealed class StaffRoster(StaffAdministration administration)
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxRows = 1000;
    private static readonly string[] Required = ["name", "email", "role", "languages"];

    public async Task<RosterResult> ImportAsync(string byId, Stream csv, CancellationToken ct = default)
    {
        var (rows, problems) = await ReadAsync(csv, ct);
        if (problems.Count > 0)
        {
            return new RosterResult(problems, [], 0, 0);
        }
        var added = new List<IssuedLink>();
        int updated = 0, unchanged = 0;
        var outcome = await administration.ChangeAsync(byId, async by =>
        {
            foreach (var (_, input) in rows)
            {
                var user = await administration.ByEmailAsync(input.NormalizedEmail!, ct);
                if (user is null)
                {
                    added.Add(administration.IssueLink(by, await administration.CreateInvitedAsync(by, input, ct)));
                    continue;
                }
                var before = (user.DisplayName, user.Languages, user.Skills);
                administration.ApplyProfile(by, user, input);
                var roleChanges = await administration.RoleChangesAsync(by, user, input.ParsedRole!, ct);
                if (before != (user.DisplayName, user.Languages, user.Skills) || roleChanges)
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            return new StaffOutcome.Done();
        }, ct);
        if (outcome is StaffOutcome.Refused { Problem: var problem })
        {
            return new RosterResult([new RosterProblem(0, "role", problem.ToString())], [], 0, 0);
        }
        var mailed = new List<IssuedLink>();
        foreach (var link in added)
        {
            mailed.Add(await administration.MailAsync(link, ct));
        }
        return new RosterResult([], mailed, updated, unchanged);
    }

    /// <summary>Every row read and checked; nothing is written here.</summary>
    public static async Task<(IReadOnlyList<(int Row, StaffInput Input)> Rows, IReadOnlyList<RosterProblem> Problems)> ReadAsync(Stream csv, CancellationToken ct)
    {
        var problems = new List<RosterProblem>();
        var rows = new List<(int, StaffInput)>();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await csv.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return ([], [new RosterProblem(0, "file", "TooLarge")]);
            }
        }
        buffer.Position = 0;
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray()).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            return ([], [new RosterProblem(0, "file", "NotUtf8")]);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], [new RosterProblem(0, "file", "Empty")]);
        }
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            // A broken quote is reported for its row, and the rest of the file is still checked.
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = r => problems.Add(new RosterProblem((int)r.RecordNumber, "file", "Quotes")),
            MaxRecordSize = 64 * 1024,
            IncludeValuesInExceptions = false,
        };
        using var reader = CsvReader.FromText(text, options);
        try
        {
            var header = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            problems.AddRange(Required.Where(c => !header.Contains(c)).Select(c => new RosterProblem(1, c, "MissingColumn")));
            if (problems.Count > 0)
            {
                return ([], problems);
            }
            var seen = new Dictionary<string, int>();
            while (reader.Read())
            {
                // The row as a spreadsheet numbers it: the header is row 1.
                var row = (int)reader.RowNumber + 1;
                if (rows.Count >= MaxRows)
                {
                    return ([], [new RosterProblem(row, "file", "TooManyRows")]);
                }
                string? Field(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < reader.FieldCount ? reader.GetString(i) : null;
                var input = new StaffInput(Field("name"), Field("email"), Field("role"), Field("languages"), Field("skills"));
                var hostile = new[] { ("name", input.Name), ("email", input.Email), ("role", input.Role), ("languages", input.Languages), ("skills", input.Skills) }
                    .Select(f => (Column: f.Item1, Why: Hostile(f.Item2)))
                    .Where(f => f.Why is not null)
                    .Select(f => new RosterProblem(row, f.Column, f.Why!))
                    .ToList();
                problems.AddRange(hostile);
                problems.AddRange(input.Validate()
                    .Where(e => !hostile.Any(p => p.Column == e.Field))
                    .Select(e => new RosterProblem(row, e.Field, e.Problem)));
                if (input.NormalizedEmail is { } email)
                {
                    if (seen.TryGetValue(email, out var first))
                    {
                        problems.Add(new RosterProblem(row, "email", $"Duplicate:{first}"));
                    }
                    else
                    {
                        seen[email] = row;
                    }
                }
                rows.Add((row, input));
            }
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            return ([], [new RosterProblem((int)reader.RowNumber + 1, "file", "NotCsv")]);
        }
        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new RosterProblem(1, "file", "NoRows"));
        }
        return (rows, problems);
    }

    /// <summary>
    /// A cell a spreadsheet would run as a formula (=, +, -, @ first), or that the free-text rule refuses
    /// (control characters, noncharacters, half a surrogate pair), is
    /// refused rather than cleaned: the manager fixes the file, and nothing odd is ever stored.
    /// </summary>
    private static string? Hostile(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!Domain.FreeText.IsAcceptable(value))
        {
            return "ControlCharacters";
        }
        return value[0] is '=' or '+' or '-' or '@' ? "Formula" : null;
    }
}
