using Allo.Scheduler.Demo;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;

namespace Allo.Web.Infrastructure;

/// <summary>Migrates and checks the database before the server accepts requests; seeds demo data when asked.</summary>
public sealed class DatabaseStartupService(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseStartup.PrepareAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await StaffAccounts.EnsureRolesAsync(scope.ServiceProvider);
        if (configuration.GetValue("Allo:DemoData", false))
        {
            await DemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
            await StaffAccounts.SeedDemoAsync(scope.ServiceProvider);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
