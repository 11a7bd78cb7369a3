using System.Security.Claims;
using Allo.Scheduler.Staff;

namespace Allo.Web.Infrastructure;

/// <summary>Who may reach which staff pages; applied per feature folder in Program, not per page.</summary>
public static class StaffPolicies
{
    /// <summary>The call queue: agents, and managers who step in on a busy day.</summary>
    public const string Agents = "Agents";

    /// <summary>Feedback, the dashboard and capacity: managers only.</summary>
    public const string Managers = "Managers";

    public static IServiceCollection AddStaffPolicies(this IServiceCollection services) =>
        services.AddAuthorization(o =>
        {
            o.AddPolicy(Agents, p => p.RequireRole(StaffRoles.Agent, StaffRoles.Manager));
            o.AddPolicy(Managers, p => p.RequireRole(StaffRoles.Manager));
        });

    /// <summary>The signed-in staff member's account id, which claims and call records carry.</summary>
    public static string StaffId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No staff member is signed in.");
}
