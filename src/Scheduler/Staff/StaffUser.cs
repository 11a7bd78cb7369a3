using Microsoft.AspNetCore.Identity;
using NodaTime;

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

    /// <summary>The languages they help in, as codes in their order ("fr,nl"); the first is the one Allo writes to them in.</summary>
    public string Languages { get; set; } = "";

    public StaffSkills Skills { get; set; }

    /// <summary>Set when a manager deactivates the account: it cannot sign in, and its history stays.</summary>
    public Instant? DeactivatedAt { get; set; }

    public Instant? LastSignInAt { get; set; }
}

public static class StaffRoles
{
    public const string Agent = "Agent";
    public const string Manager = "Manager";

    public static IReadOnlyList<string> All { get; } = [Agent, Manager];
}
