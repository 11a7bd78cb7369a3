using Allo.Scheduler.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Staff;

public static class StaffRegistration
{
    /// <summary>The managers' staff administration, and staff email over the same SMTP settings as citizens' email.</summary>
    public static IServiceCollection AddStaffAdministration(this IServiceCollection services)
    {
        services.AddScoped<StaffAdministration>();
        services.AddScoped<StaffRoster>();
        services.AddScoped<StaffSecondFactor>();
        services.AddScoped<StaffSingleSignOn>();
        services.AddSingleton<DevStaffMailbox>();
        services.AddSingleton<IStaffMail>(sp => sp.GetRequiredService<MessagingSettings>().Smtp is { } smtp
            ? new SmtpStaffMail(smtp)
            : sp.GetRequiredService<DevStaffMailbox>());
        return services;
    }
}
