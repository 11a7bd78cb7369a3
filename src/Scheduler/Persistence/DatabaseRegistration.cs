using Allo.Scheduler.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Allo.Scheduler.Persistence;

public static class DatabaseRegistration
{
    /// <remarks>
    /// Contexts come from a pool: a new context per request built EF Core's scoped services again each
    /// time, a measurable share of a booking's CPU (docs/decisions/0033-cpu-per-request.md). A context
    /// goes back to the pool with its change tracker cleared and its settings reset; none holds state.
    /// </remarks>
    public static IServiceCollection AddAlloDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(settings.ConnectionString);
                services.AddDbContextPool<AlloDbContext, SqliteAlloDbContext>(o => ConfigureSqlite(o, sqlite));
                break;
            case DatabaseProvider.Postgres:
                var postgres = PostgresConnectionString(settings.ConnectionString);
                services.AddDbContextPool<AlloDbContext, PostgresAlloDbContext>(o => ConfigurePostgres(o, postgres));
                break;
        }
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        QuietAboutRefusals(options.UseSqlite(connectionString));

    /// <summary>The most commands EF Core sends in one batch on PostgreSQL (its provider's default, said here because a booking's save relies on it).</summary>
    public const int MaxBatchSize = 1000;

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        QuietAboutRefusals(options.UseNpgsql(connectionString, o => o.MaxBatchSize(MaxBatchSize)));

    // The database's rules answer ordinary questions by refusing a save (a full slot, a number that
    // has a booking): in a booking storm most attempts end so, and EF Core would log each as an error
    // with its stack trace. A failure nobody handles is still logged where it surfaces (the host's
    // error handler, the jobs).
    private static void QuietAboutRefusals(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, Microsoft.Extensions.Logging.LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, Microsoft.Extensions.Logging.LogLevel.Debug)));

    private static string SqliteConnectionString(string text)
    {
        try
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new ArgumentException("no Data Source");
            }
            // Wait for a concurrent writer rather than failing at once (seconds).
            builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
            return builder.ToString();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationProblem(
                $"ConnectionStrings:Allo is not a SQLite connection string ({e.Message}); set ConnectionStrings__Allo to, for example, \"{DatabaseSettings.DefaultSqlite}\".", e);
        }
    }

    // Every request runs the same few statements. Prepared once per pooled connection, PostgreSQL
    // stops parsing and planning them each time; and the service sets no session state (no SET, no
    // session locks, no temporary tables), so the reset a returned connection would otherwise run on
    // the server before its next use is work for nothing. What the operator wrote in the connection
    // string wins.
    private static void WithHotPathDefaults(NpgsqlConnectionStringBuilder builder, System.Data.Common.DbConnectionStringBuilder written)
    {
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
    }

    private static string PostgresConnectionString(string text)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ArgumentException("no Host");
            }
            WithHotPathDefaults(builder, new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text });
            return builder.ToString();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationProblem(
                $"ConnectionStrings:Allo is not a PostgreSQL connection string ({e.Message}); set ConnectionStrings__Allo to, for example, \"Host=db;Database=allo;Username=allo;Password=…\".", e);
        }
    }
}
