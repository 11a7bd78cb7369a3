using Allo.Scheduler.Options;

namespace Allo.Web.Infrastructure;

/// <summary>
/// What this process does: serve people and machines (<c>web</c>), run background jobs
/// (<c>jobs</c>), or both (the default). Production runs several of each from the same build.
/// </summary>
public sealed record ServiceRoles(bool Web, bool Jobs)
{
    public static ServiceRoles From(IConfiguration configuration)
    {
        var text = configuration["Allo:Roles"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ServiceRoles(true, true);
        }
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant())
            .ToList();
        if (parts.Count == 0 || parts.Any(p => p is not ("web" or "jobs")))
        {
            throw new ConfigurationProblem($"Allo:Roles is '{text}'; set Allo__Roles to web, jobs or web,jobs.");
        }
        return new ServiceRoles(parts.Contains("web"), parts.Contains("jobs"));
    }
}
