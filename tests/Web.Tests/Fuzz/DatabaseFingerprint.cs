using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// What "changed nothing" means in the fuzz test: every table of the EF model (Identity's and the
/// data-protection keys' included, the access log of reads left out) has the same number of rows, and the same rows with the same
/// values — a digest of every column of every row, in a fixed order. An update that rewrites a value
/// counts as a change, as does a row added and another removed.
/// </summary>
public sealed record DatabaseFingerprint(IReadOnlyDictionary<string, (long Rows, string Digest)> Tables)
{
    public static async Task<DatabaseFingerprint> TakeAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var tables = db.Model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            // The access log records that a page showed personal data, which a refused request does too
            // (the page again, with its error): a read, not a change.
            .Where(t => t != "AccessLog")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var result = new Dictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            result[table] = await DigestAsync(connection, table);
        }
        return new DatabaseFingerprint(result);
    }

    /// <summary>The tables whose rows differ, with their counts before and after; empty when nothing changed.</summary>
    public IReadOnlyList<string> ChangesSince(DatabaseFingerprint before) =>
        [.. Tables.Keys.Union(before.Tables.Keys).Order(StringComparer.Ordinal)
            .Where(t => !Tables.TryGetValue(t, out var now) || !before.Tables.TryGetValue(t, out var then) || now != then)
            .Select(t => $"{t}: {Rows(before, t)} rows before, {Rows(this, t)} after{(Rows(before, t) == Rows(this, t) ? " (values changed)" : "")}")];

    private static string Rows(DatabaseFingerprint print, string table) =>
        print.Tables.TryGetValue(table, out var t) ? t.Rows.ToString(CultureInfo.InvariantCulture) : "no";

    private static async Task<(long, string)> DigestAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                row.Append(value).Append('\u241F');
            }
            rows.Add(row.ToString());
        }
        rows.Sort(StringComparer.Ordinal);
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u241E', rows))));
        return (rows.Count, digest);
    }
}
