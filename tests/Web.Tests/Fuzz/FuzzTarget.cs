namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// One thing the fuzz test aims at. <see cref="PrepareAsync"/> fetches, once per batch, what the
/// requests are made from — the real form as the page renders it now (its fields, its antiforgery
/// token, the browser's cookies) — and <see cref="Make"/> turns it and the case's own random numbers
/// into one hostile request. Every request carries a poison, so none can change anything.
/// </summary>
public abstract class FuzzTarget(string name)
{
    public string Name { get; } = name;

    /// <summary>"GET /api/v1/slots" and the like: the endpoints of the OpenAPI document this target covers.</summary>
    public virtual IEnumerable<string> Covers => [];

    public abstract Task<object?> PrepareAsync(FuzzWorld world);

    public abstract FuzzRequest Make(FuzzWorld world, object? prepared, Random random);

    public override string ToString() => Name;
}

/// <summary>A target whose requests need nothing fetched first (the API, the webhooks, links).</summary>
public sealed class DirectTarget(string name, Func<FuzzWorld, Random, FuzzRequest> make, params string[] covers) : FuzzTarget(name)
{
    public override IEnumerable<string> Covers => covers;

    public override Task<object?> PrepareAsync(FuzzWorld world) => Task.FromResult<object?>(null);

    public override FuzzRequest Make(FuzzWorld world, object? prepared, Random random) => make(world, random);
}
