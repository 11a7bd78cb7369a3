using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Allo.Scheduler;

public static class SchedulerRegistration
{
    /// <summary>
    /// Everything the engine needs, read and checked from configuration now, so that a wrong
    /// setting stops start-up with a <see cref="ConfigurationProblem"/> instead of failing a citizen later.
    /// </summary>
    public static IServiceCollection AddAlloScheduler(this IServiceCollection services, IConfiguration configuration, bool isProduction, bool runJobs)
    {
        var database = DatabaseSettings.From(configuration);
        var hours = BookingSettings.From(configuration);
        services.AddAlloDatabase(database);
        services.AddSingleton(DemoSettings.From(configuration, isProduction));
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton(new SlotCalendar(hours, SlotCalendar.Brussels));
        // Registered only when configured: BookingService and the agent's page take it as optional.
        if (RelaySettings.From(configuration, hours) is { } relay)
        {
            services.AddSingleton(relay);
        }
        services.AddScoped<SeatLedger>();
        services.AddSingleton<FullSlots>();
        services.AddScoped<BookingService>();
        services.AddScoped<Waitlist.WaitlistService>();
        services.AddScoped<IdempotencyKeys>();
        services.AddSingleton(CallSettings.From(configuration));
        services.AddSingleton(CallSettings.RoutingFrom(configuration));
        services.AddScoped<Calls.CallQueue>();
        services.AddSingleton(CallSettings.EndOfDayFrom(configuration));
        services.AddScoped<Calls.EndOfDay>();
        services.AddScoped<Feedback.FeedbackService>();
        services.AddScoped<Texting.TextConversations>();
        services.AddScoped<Voice.VoiceConversations>();
        services.AddScoped<Voice.OfferCalls>();
        services.AddSingleton<Voice.VoiceWords>();
        services.AddScoped<Managers.Dashboard>();
        services.AddScoped<Managers.FeedbackReview>();
        services.AddScoped<Managers.CapacityPlanning>();
        services.AddSingleton(Privacy.AccessLogSettings.From(configuration));
        services.AddScoped<Privacy.AccessLog>();
        services.AddSingleton<Texting.TextReplies>();
        services.AddSingleton(sp => new Texting.TextFloodGuard(sp.GetRequiredService<IClock>()));
        services.AddAlloMessaging(configuration, isProduction, runJobs);
        services.AddStaffAdministration();
        services.AddAlloKeyRing(KeyProtectionSettings.From(configuration));
        return services;
    }
}
