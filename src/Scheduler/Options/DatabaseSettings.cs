using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Options;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database, where, and whether start-up applies migrations.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStartup)
{
    public const string DefaultSqlite = "Data Source=data/allo.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var database = configuration.GetSection("Database");
        var provider = SettingReader.Choice(database, "Provider", DatabaseProvider.Sqlite);

        var connectionString = configuration.GetConnectionString("Allo");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqlite
                : throw new ConfigurationProblem(
                    "Database:Provider is Postgres but no connection string is set; set ConnectionStrings__Allo to, for example, \"Host=db;Database=allo;Username=allo;Password=…\".");
        }
        return new DatabaseSettings(provider, connectionString, SettingReader.Flag(database, "MigrateOnStartup", true));
    }
}
