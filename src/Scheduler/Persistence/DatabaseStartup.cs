using Allo.Scheduler.Options;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Persistence;

public static class DatabaseStartup
{
    /// <summary>
    /// Applies migrations (unless turned off) and proves the database answers. Any failure becomes
    /// one sentence that says what to set, since it is the first thing an operator will read.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
        try
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                CreateSqliteFolder(settings.ConnectionString);
            }
            if (settings.MigrateOnStartup)
            {
                await MigrateAsync(db, ct);
            }
            else if (!await db.Database.CanConnectAsync(ct))
            {
                throw new InvalidOperationException("the database did not answer");
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
            throw new ConfigurationProblem(settings.Provider == DatabaseProvider.Sqlite
                ? $"The SQLite database could not be opened ({e.GetBaseException().Message}); set ConnectionStrings__Allo to a writable file, for example \"{DatabaseSettings.DefaultSqlite}\"."
                : $"The PostgreSQL database could not be reached ({e.GetBaseException().Message}); check that it is running and set ConnectionStrings__Allo to its host, port, database, user and password.", e);
        }
    }

    /// <summary>Applies the provider's migrations; on SQLite also switches to WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(AlloDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static void CreateSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }
}
