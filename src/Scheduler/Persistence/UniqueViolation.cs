using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Allo.Scheduler.Persistence;

public static class UniqueViolation
{
    /// <summary>Whether saving failed because another writer took the same unique key first.</summary>
    public static bool Is(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
        SqliteException lite => lite.SqliteExtendedErrorCode is 1555 or 2067,
        _ => false,
    };
}
