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
        // Changed opening hours or capacity take effect now, not at the first booking.
        await scope.ServiceProvider.GetRequiredService<Scheduler.Bookings.SeatLedger>().RefreshAsync(cancellationToken);
        await StaffAccounts.EnsureRolesAsync(scope.ServiceProvider);
        if (configuration.GetValue("Allo:DemoData", false))
        {
            // Accounts first: the demo history records which demo agent handled each call.
            await StaffAccounts.SeedDemoAsync(scope.ServiceProvider);
            await DemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
