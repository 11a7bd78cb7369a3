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
        var providerText = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new ConfigurationProblem(
                $"Database:Provider is '{providerText}'; set Database__Provider to Sqlite (the default) or Postgres.");
        }

        var connectionString = configuration.GetConnectionString("Allo");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqlite
                : throw new ConfigurationProblem(
                    "Database:Provider is Postgres but no connection string is set; set ConnectionStrings__Allo to, for example, \"Host=db;Database=allo;Username=allo;Password=…\".");
        }

        var migrateText = configuration["Database:MigrateOnStartup"];
        var migrate = true;
        if (!string.IsNullOrWhiteSpace(migrateText) && !bool.TryParse(migrateText, out migrate))
        {
            throw new ConfigurationProblem($"Database:MigrateOnStartup is '{migrateText}'; set Database__MigrateOnStartup to true or false.");
        }
        return new DatabaseSettings(provider, connectionString, migrate);
    }
}
