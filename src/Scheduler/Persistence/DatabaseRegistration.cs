using Allo.Scheduler.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Allo.Scheduler.Persistence;

public static class DatabaseRegistration
{
    public static IServiceCollection AddAlloDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(settings.ConnectionString);
                services.AddDbContext<AlloDbContext, SqliteAlloDbContext>(o => ConfigureSqlite(o, sqlite));
                break;
            case DatabaseProvider.Postgres:
                var postgres = PostgresConnectionString(settings.ConnectionString);
                services.AddDbContext<AlloDbContext, PostgresAlloDbContext>(o => ConfigurePostgres(o, postgres));
                break;
        }
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        QuietAboutRefusals(options.UseSqlite(connectionString));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        QuietAboutRefusals(options.UseNpgsql(connectionString));

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

    private static string PostgresConnectionString(string text)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ArgumentException("no Host");
            }
            if (!builder.ContainsKey("Max Auto Prepare"))
            {
                // The hot statements (the outbox's, the booking's) are the same few thousands of times a
                // minute: prepared, PostgreSQL parses and plans each once per connection, not per use.
                builder.MaxAutoPrepare = 64;
            }
            return builder.ToString();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationProblem(
                $"ConnectionStrings:Allo is not a PostgreSQL connection string ({e.Message}); set ConnectionStrings__Allo to, for example, \"Host=db;Database=allo;Username=allo;Password=…\".", e);
        }
    }
}
