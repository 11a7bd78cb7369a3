using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Allo.TestSupport;

/// <summary>
/// A fresh, migrated database for one test class: a temporary SQLite file, or a new database on
/// the throwaway PostgreSQL cluster that ./test.sh starts (its address is in ALLO_TEST_PG), each a
/// copy of a template migrated once per test process (<see cref="MigratedTemplates"/>).
/// PostgreSQL tests fail, never skip, when that cluster is missing.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ALLO_TEST_PG";

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public DatabaseSettings Settings => new(Provider, ConnectionString, MigrateOnStartup: true);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var template = await MigratedTemplates.SqliteAsync();
            var file = Path.Combine(Path.GetTempPath(), $"allo-test-{Guid.NewGuid():N}.db");
            File.Copy(template, file);
            return new TestDatabase(provider, $"Data Source={file}", file, null);
        }
        var templateName = await MigratedTemplates.PostgresAsync();
        var name = $"allo_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{templateName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, MaxPoolSize = 300 };
        return new TestDatabase(provider, builder.ToString(), null, name);
    }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set: PostgreSQL tests need the throwaway cluster that ./test.sh starts. Run ./test.sh, or set {PostgresVariable} to a connection string for a server where the user may create databases.");

    /// <summary>A context on this database; <paramref name="interceptors"/> let a test see when it reaches a step.</summary>
    public AlloDbContext NewContext(params IInterceptor[] interceptors)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteAlloDbContext>();
            DatabaseRegistration.ConfigureSqlite(options, ConnectionString);
            return new SqliteAlloDbContext(options.AddInterceptors(interceptors).Options);
        }
        var pg = new DbContextOptionsBuilder<PostgresAlloDbContext>();
        DatabaseRegistration.ConfigurePostgres(pg, ConnectionString);
        return new PostgresAlloDbContext(pg.AddInterceptors(interceptors).Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
