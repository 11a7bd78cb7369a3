using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Tests.Persistence;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_committed_migrations_build_exactly_the_current_model(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run the two `dotnet ef migrations add` commands in docs/architecture.md.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Capacity_is_seeded_with_four_agents_for_every_weekday_working_hour(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var entries = await db.Capacity.ToListAsync();
        Assert.Equal(50, entries.Count);
        Assert.All(entries, e => Assert.Equal(4, e.Agents));
    }
}
