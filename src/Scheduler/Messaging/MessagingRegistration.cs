using Allo.Domain.Contact;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Options;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Allo.Scheduler.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// Channels for every kind of message, and Hangfire: PostgreSQL storage when the app runs on
    /// PostgreSQL (so web and job nodes share it), in-memory storage on the embedded default.
    /// Only a node with the jobs role runs a Hangfire server.
    /// </summary>
    public static IServiceCollection AddAlloMessaging(this IServiceCollection services, IConfiguration configuration, bool isProduction, bool runJobs)
    {
        var settings = MessagingSettings.From(configuration, isProduction);
        var database = DatabaseSettings.From(configuration);
        var jobStorage = SettingReader.Choice(configuration.GetSection("Jobs"), "Storage", JobsStorage.Database);
        services.AddSingleton(settings);
        services.AddSingleton<MessageTexts>();
        services.AddSingleton<Feedback.FeedbackLinks>();
        services.AddSingleton<MessagePlanner>();
        services.AddSingleton<SendBudgets>();
        services.AddSingleton(sp => new SendPacer(sp.GetRequiredService<MessagingSettings>(), TimeProvider.System, sp.GetRequiredService<SendBudgets>()));
        services.AddScoped<MessageDispatcher>();
        services.AddScoped<OutboxJobs>();
        services.AddScoped<RetentionJob>();
        services.TryAddSingleton<IOutboxSignal, HangfireOutboxSignal>();

        if (settings.Twilio is { } twilio)
        {
            services.AddSingleton(new TwilioClientFactory(twilio));
            services.AddSingleton<IMessageChannel, TwilioSmsChannel>();
            services.AddSingleton<IMessageChannel, TwilioVoiceChannel>();
            services.AddSingleton<Calls.ClickToCall>();
        }
        else
        {
            services.AddSingleton<IMessageChannel>(new DevOutboxChannel(Channel.Sms));
            services.AddSingleton<IMessageChannel>(new DevOutboxChannel(Channel.Voice));
        }
        services.AddSingleton<IMessageChannel>(settings.Smtp is { } smtp ? new SmtpEmailChannel(smtp) : new DevOutboxChannel(Channel.Email));

        services.AddHangfire(hangfire =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres && jobStorage == JobsStorage.Database)
            {
                hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) });
            }
            else
            {
                hangfire.UseInMemoryStorage();
            }
        });
        if (runJobs)
        {
            services.AddHangfireServer(o =>
            {
                o.Queues = [OutboxJobs.Queue, "default"];
                o.WorkerCount = Math.Max(4, Environment.ProcessorCount * 4);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }
        return services;
    }

    /// <summary>The recurring jobs, registered once at start-up by a node that runs jobs.</summary>
    public static void AddRecurringJobs(IRecurringJobManager recurring)
    {
        recurring.AddOrUpdate<OutboxJobs>(OutboxJobs.SweepId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely);
        recurring.AddOrUpdate<Calls.CallQueue>(Calls.CallQueue.EnterDueJobId, q => q.EnterDueAsync(CancellationToken.None), Cron.Minutely);
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.Id, j => j.EraseExpiredAsync(CancellationToken.None), Cron.Daily(2));
    }
}

/// <summary>
/// Where Hangfire keeps its own bookkeeping. Database means PostgreSQL when the app runs on it (shared
/// by all nodes) and memory on SQLite; Memory keeps it in memory even on PostgreSQL (one node running
/// both roles): safe, because the outbox and the minutely sweep, not Hangfire, hold what is due.
/// </summary>
public enum JobsStorage
{
    Database,
    Memory,
}
