using Allo.Scheduler.Demo;
using Allo.Scheduler.Persistence;

namespace Allo.Web.Infrastructure;

/// <summary>Migrates and checks the database before the server accepts requests; seeds demo data when asked.</summary>
public sealed class DatabaseStartupService(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseStartup.PrepareAsync(services, cancellationToken);
        if (configuration.GetValue("Allo:DemoData", false))
        {
            await using var scope = services.CreateAsyncScope();
            await DemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
