using Hangfire.Dashboard;

namespace Allo.Web.Infrastructure;

/// <summary>The jobs dashboard shows citizens' message ids and errors: managers only.</summary>
public sealed class ManagersOnly : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Scheduler.Staff.StaffRoles.Manager);
}
