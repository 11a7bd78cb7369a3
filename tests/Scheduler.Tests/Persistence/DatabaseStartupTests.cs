using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Tests.Persistence;

public sealed class DatabaseStartupTests
{
    private static ServiceProvider Services(DatabaseSettings settings) =>
        new ServiceCollection().AddAlloDatabase(settings).BuildServiceProvider();

    [Fact]
    public async Task With_migrations_off_an_unmigrated_database_stops_start_up_with_what_to_do()
    {
        var file = Path.Combine(Path.GetTempPath(), $"allo-unmigrated-{Guid.NewGuid():N}.db");
        try
        {
            // An existing, empty database: what an operator who migrates separately has before migrating.
            await using (var create = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
            {
                await create.OpenAsync();
                await using var command = create.CreateCommand();
                command.CommandText = "CREATE TABLE placeholder (id INTEGER)";
                await command.ExecuteNonQueryAsync();
            }
            await using var services = Services(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}", MigrateOnStartup: false));
            var e = await Assert.ThrowsAsync<ConfigurationProblem>(() => DatabaseStartup.PrepareAsync(services));
            Assert.Contains("Database__MigrateOnStartup=true", e.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task With_migrations_on_start_up_creates_the_folder_and_the_schema_and_can_run_again()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"allo-data-{Guid.NewGuid():N}");
        try
        {
            var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "allo.db")}", MigrateOnStartup: true);
            await using (var services = Services(settings))
            {
                await DatabaseStartup.PrepareAsync(services);
                await DatabaseStartup.PrepareAsync(services);
            }
            await using var again = Services(settings with { MigrateOnStartup = false });
            await DatabaseStartup.PrepareAsync(again);
            await using var scope = again.CreateAsyncScope();
            Assert.Equal(50, await scope.ServiceProvider.GetRequiredService<AlloDbContext>().Capacity.CountAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
