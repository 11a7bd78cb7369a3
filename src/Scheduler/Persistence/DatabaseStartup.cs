using System.Data.Common;
using Allo.Scheduler.Options;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Allo.Scheduler.Persistence;

public static class DatabaseStartup
{
    /// <summary>
    /// How long start-up waits for PostgreSQL to answer when the connection string sets no Timeout of
    /// its own (Npgsql's default is 15 s), so an unreachable server is reported quickly.
    /// </summary>
    public const int ConnectSeconds = 10;

    /// <summary>
    /// Proves the database exists and answers, applies migrations (unless turned off) and checks none
    /// is missing. Any failure becomes one sentence that says what to set, since it is the first thing
    /// an operator will read.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        // On a bare connection first: EF Core would log every failure at error level before we could
        // say it in one sentence, and its Migrate() would create a mistyped PostgreSQL database.
        await (settings.Provider == DatabaseProvider.Sqlite
            ? OpenSqliteAsync(settings.ConnectionString, ct)
            : OpenPostgresAsync(settings.ConnectionString, ct));

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
        try
        {
            if (settings.MigrateOnStartup)
            {
                await MigrateAsync(db, ct);
            }
            else if ((await db.Database.GetPendingMigrationsAsync(ct)).ToList() is { Count: > 0 } pending)
            {
                // Operators who migrate separately must not get a service that fails on its first query.
                throw new ConfigurationProblem(
                    $"The database lacks {pending.Count} migration(s) ({pending[^1]}); apply them, or set Database__MigrateOnStartup=true to let the service do it.");
            }
            await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
        }
        catch (Exception e) when (e is not ConfigurationProblem and not OperationCanceledException)
        {
            throw new ConfigurationProblem(
                $"The database answered but could not be prepared ({e.GetBaseException().Message}); check that the user in ConnectionStrings__Allo may create tables, or migrate it separately and set Database__MigrateOnStartup=false.", e);
        }
    }

    /// <summary>Applies the provider's migrations; on SQLite also switches to WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(AlloDbContext db, CancellationToken ct = default)
    {
        // On an empty PostgreSQL database Migrate() first reads a history table that is not there yet and
        // logs that at error level (dotnet/efcore#37328); with the table in place a fresh start logs no error.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>Opens (and on a fresh start creates) the SQLite file, creating its folder too.</summary>
    private static async Task OpenSqliteAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
            {
                Directory.CreateDirectory(folder);
            }
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblem(
                $"The SQLite database could not be opened ({e.Message}); set ConnectionStrings__Allo to a writable file, for example \"{DatabaseSettings.DefaultSqlite}\".", e);
        }
    }

    /// <summary>
    /// Connects to the configured database itself, never creating it: a typo in its name must stop
    /// start-up, not start an empty second database that some nodes write bookings to. An empty
    /// database that exists is fine; migrations fill it.
    /// </summary>
    private static async Task OpenPostgresAsync(string connectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        // ToString() keeps only what the operator wrote, so this tells a chosen Timeout from the default.
        if (!new DbConnectionStringBuilder { ConnectionString = builder.ToString() }.ContainsKey(nameof(builder.Timeout)))
        {
            builder.Timeout = ConnectSeconds;
        }
        try
        {
            await using var connection = new NpgsqlConnection(builder.ToString());
            await connection.OpenAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new ConfigurationProblem(
                $"The PostgreSQL database '{builder.Database}' does not exist on {builder.Host}; create it (empty is fine, the service fills it) or correct the Database in ConnectionStrings__Allo.", e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new ConfigurationProblem(
                $"The PostgreSQL database could not be reached ({e.GetBaseException().Message}); check that it is running and set ConnectionStrings__Allo to its host, port, database, user and password.", e);
        }
    }
}
