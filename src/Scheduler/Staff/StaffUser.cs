using Microsoft.AspNetCore.Identity;

namespace Allo.Scheduler.Staff;

/// <summary>An agent or a manager of the service. Citizens never have an account.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}

public static class StaffRoles
{
    public const string Agent = "Agent";
    public const string Manager = "Manager";

    public static IReadOnlyList<string> All { get; } = [Agent, Manager];
}
