using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Allo.Scheduler.Persistence;

/// <summary>
/// A compiled query for each model it meets. EF Core ties a compiled query to the first model it runs
/// with, and each provider's context has its own model (a test process uses both).
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _compiled = new();

    public TQuery For(DbContext db) => _compiled.GetOrAdd(db.Model, _ => compile());
}
