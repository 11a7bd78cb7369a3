using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

/// <summary>The dashboard bench's database and clock; the year itself is <see cref="Allo.TestSupport.NationalYear"/>.</summary>
internal static class Seed
{
    /// <summary>The bench's clock: after every call of the year, a month after most, so all but the last weeks are erased.</summary>
    public static readonly NodaTime.Instant Now = NodaTime.Instant.FromUtc(2027, 1, 15, 0, 0);

    public static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ToString();
        var options = new DbContextOptionsBuilder<PostgresAlloDbContext>();
        DatabaseRegistration.ConfigurePostgres(options, connectionString);
        await using var db = new PostgresAlloDbContext(options.Options);
        await DatabaseStartup.MigrateAsync(db);
        return connectionString;
    }
}
