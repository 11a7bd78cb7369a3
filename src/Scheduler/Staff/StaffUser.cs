using Microsoft.AspNetCore.Identity;

namespace Allo.Scheduler.Staff;

/// <summary>An agent or a manager of the service. Citizens never have an account.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// The secret in the address of the agent's private calendar feed; a new one makes the old address
    /// stop working. Null until the agent asks for a feed.
    /// </summary>
    public string? CalendarFeedToken { get; set; }
}

public static class StaffRoles
{
    public const string Agent = "Agent";
    public const string Manager = "Manager";

    public static IReadOnlyList<string> All { get; } = [Agent, Manager];
}
