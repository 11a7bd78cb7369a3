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
        services.AddSingleton<Waitlist.OfferLinks>();
        services.AddSingleton<MessagePlanner>();
        services.AddSingleton<SendBudgets>();
        services.AddSingleton(sp => new SendPacer(sp.GetRequiredService<MessagingSettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SendBudgets>()));
        services.AddScoped<MessageDispatcher>();
        services.AddScoped<RetentionJob>();
        services.AddScoped<Managers.MessageRollup>();
        services.AddScoped<Managers.BookingRollup>();
        services.AddSingleton<OutboxBatch>();
        services.AddSingleton<OutboxWakeUp>();
        services.TryAddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxWakeUp>());
        services.TryAddSingleton(TimeProvider.System);

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
                o.Queues = ["default"];
                // Only the recurring work runs here (the call queue, retention); messages have their own lanes.
                o.WorkerCount = 2;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
            services.AddHostedService<OutboxPoller>();
        }
        return services;
    }

    /// <summary>The recurring jobs, registered once at start-up by a node that runs jobs.</summary>
    public static void AddRecurringJobs(IRecurringJobManager recurring)
    {
        // Messages were once one Hangfire job each, found by this minutely sweep; the outbox poller does both now.
        recurring.RemoveIfExists("outbox-sweep");
        recurring.AddOrUpdate<Calls.CallQueue>(Calls.CallQueue.EnterDueJobId, q => q.EnterDueAsync(CancellationToken.None), Cron.Minutely);
        recurring.AddOrUpdate<Calls.EndOfDay>(Calls.EndOfDay.JobId, j => j.CloseAsync(CancellationToken.None), "*/5 * * * *");
        // Minutely, like the call queue: an offer's 30 minutes end within a minute of their time.
        recurring.AddOrUpdate<Waitlist.WaitlistService>(Waitlist.WaitlistService.SweepJobId, w => w.SweepAsync(CancellationToken.None), Cron.Minutely);
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.Id, j => j.EraseExpiredAsync(CancellationToken.None), Cron.Daily(2));
        // Hourly, and a no-op until a day has closed: a node down at night does not leave a day uncounted.
        recurring.AddOrUpdate<Managers.MessageRollup>(Managers.MessageRollup.Id, j => j.RollUpAsync(CancellationToken.None), Cron.Hourly);
        recurring.AddOrUpdate<Managers.BookingRollup>(Managers.BookingRollup.Id, j => j.RollUpAsync(CancellationToken.None), Cron.Hourly);
    }
}

/// <summary>
/// Where Hangfire keeps its own bookkeeping. Database means PostgreSQL when the app runs on it (shared
/// by all nodes) and memory on SQLite; Memory keeps it in memory even on PostgreSQL (one node running
/// both roles): safe, because Hangfire holds only recurring work and the outbox holds what is due.
/// </summary>
public enum JobsStorage
{
    Database,
    Memory,
}
