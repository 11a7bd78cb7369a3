using System.Security.Cryptography;
using System.Text;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Allo.TestSupport;

/// <summary>
/// One migrated database per provider and test process, which every test database is copied from:
/// running the migrations once instead of once per test class saves most of the set-up time. The
/// names carry a hash of the migration ids and the process id, so a run never reuses a template that
/// another run (or an older set of migrations) made; they are dropped when the process exits.
/// </summary>
internal static class MigratedTemplates
{
    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static string? _sqliteFile;
    private static string? _postgresName;

    /// <summary>The path of a migrated SQLite file, created on first use.</summary>
    public static Task<string> SqliteAsync() => OnceAsync(() => _sqliteFile, CreateSqliteAsync);

    /// <summary>The name of a migrated PostgreSQL database on the test cluster, created on first use.</summary>
    public static Task<string> PostgresAsync() => OnceAsync(() => _postgresName, CreatePostgresAsync);

    private static async Task<string> OnceAsync(Func<string?> known, Func<Task<string>> create)
    {
        if (known() is { } ready)
        {
            return ready;
        }
        await Creating.WaitAsync();
        try
        {
            return known() ?? await create();
        }
        finally
        {
            Creating.Release();
        }
    }

    private static async Task<string> CreateSqliteAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"allo-template-{Fingerprint(DatabaseProvider.Sqlite)}-{Environment.ProcessId}.db");
        DeleteSqlite(file);
        // Unpooled, so the last connection really closes: SQLite then folds the WAL into the file and
        // the file alone is a complete copy (it stays in WAL mode, which is kept in its header).
        var options = new DbContextOptionsBuilder<SqliteAlloDbContext>();
        DatabaseRegistration.ConfigureSqlite(options, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await using (var db = new SqliteAlloDbContext(options.Options))
        {
            await DatabaseStartup.MigrateAsync(db);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteSqlite(file);
        _sqliteFile = file;
        return file;
    }

    private static async Task<string> CreatePostgresAsync()
    {
        var name = $"allo_template_{Fingerprint(DatabaseProvider.Postgres)}_{Environment.ProcessId}";
        await using (var admin = new NpgsqlConnection(TestDatabase.PostgresServer))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        // Unpooled: CREATE DATABASE … TEMPLATE refuses while any session is connected to the template.
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = name, Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<PostgresAlloDbContext>();
        DatabaseRegistration.ConfigurePostgres(options, connection);
        await using (var db = new PostgresAlloDbContext(options.Options))
        {
            await DatabaseStartup.MigrateAsync(db);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropPostgres(name);
        _postgresName = name;
        return name;
    }

    /// <summary>A short hash of the provider's migration ids: which migrations a template holds.</summary>
    private static string Fingerprint(DatabaseProvider provider)
    {
        using AlloDbContext db = provider == DatabaseProvider.Sqlite
            ? new SqliteAlloDbContext(Options<SqliteAlloDbContext>(o => DatabaseRegistration.ConfigureSqlite(o, "Data Source=:memory:")))
            : new PostgresAlloDbContext(Options<PostgresAlloDbContext>(o => DatabaseRegistration.ConfigurePostgres(o, "Host=localhost")));
        var ids = string.Join('\n', db.Database.GetMigrations());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..12];
    }

    private static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder<T>> configure) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder);
        return builder.Options;
    }

    private static void DeleteSqlite(string file)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }
    }

    private static void DropPostgres(string name)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(TestDatabase.PostgresServer);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The throwaway cluster may already be gone; a template left on a server of one's own is harmless.
        }
    }
}
