using Allo.Scheduler.Messaging;
using Hangfire;

namespace Allo.Web.Infrastructure;

/// <summary>On a node that runs jobs: the call queue's minutely entry and the daily retention job.</summary>
public sealed class RecurringJobsStartup(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        MessagingRegistration.AddRecurringJobs(recurring);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
