using Hangfire.Dashboard;

namespace Allo.Web.Infrastructure;

/// <summary>The jobs dashboard shows citizens' message ids and errors: managers only.</summary>
public sealed class ManagersOnly : IDashboardAuthorizationFilter
{
    public const string Role = "Manager";

    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Role);
}
