using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Texting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Tests;

/// <summary>A node that runs only jobs (no web host around it) must be able to build every job and service.</summary>
public sealed class SchedulerRegistrationTests
{
    [Fact]
    public void The_engine_alone_can_build_every_job_and_service()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Allo"] = "Data Source=:memory:",
            ["Jobs:Storage"] = "Memory",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAlloScheduler(configuration, isProduction: false, runJobs: false);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var scope = provider.CreateScope();
        foreach (var type in new[]
        {
            typeof(OutboxBatch), typeof(IOutboxSignal), typeof(MessageDispatcher), typeof(RetentionJob), typeof(CallQueue), typeof(FeedbackService),
            typeof(FeedbackLinks), typeof(TextConversations), typeof(Dashboard), typeof(BookingRollup), typeof(FeedbackReview), typeof(CapacityPlanning), typeof(EndOfDay),
        })
        {
            Assert.NotNull(scope.ServiceProvider.GetRequiredService(type));
        }
    }
}
