using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Allo.Scheduler.Persistence;

// Used only by `dotnet ef migrations add`, one factory per provider so each keeps its own migrations.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAlloDbContext>
{
    public SqliteAlloDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAlloDbContext>();
        DatabaseRegistration.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteAlloDbContext(options.Options);
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAlloDbContext>
{
    public PostgresAlloDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAlloDbContext>();
        DatabaseRegistration.ConfigurePostgres(options, "Host=localhost;Database=allo_design");
        return new PostgresAlloDbContext(options.Options);
    }
}
