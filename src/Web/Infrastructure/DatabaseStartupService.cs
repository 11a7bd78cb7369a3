using Allo.Scheduler.Demo;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Readies the database before anything else touches it. Program.cs runs it between building the app
/// and running it, not as a hosted service: the Data Protection key ring and Hangfire's PostgreSQL
/// storage read the database as soon as they start (Hangfire's when the dashboard is mapped), and on
/// a fresh or unreachable database they would fill the log with errors before the one sentence.
/// </summary>
public static class DatabaseStartupService
{
    /// <summary>Exists, answers, is migrated, has its roles, and is no demo database in Production.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await DatabaseStartup.PrepareAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        if (services.GetRequiredService<DemoSettings>().RefuseDemoAccounts)
        {
            await StaffAccounts.RefuseDemoAccountsAsync(scope.ServiceProvider);
        }
        await StaffAccounts.EnsureRolesAsync(scope.ServiceProvider);
    }

    /// <summary>What the service needs before its first request: the above, the seats, and demo data when asked.</summary>
    public static async Task StartAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await PrepareAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        // Changed opening hours or capacity take effect now, not at the first booking.
        await scope.ServiceProvider.GetRequiredService<Scheduler.Bookings.SeatLedger>().RefreshAsync(ct);
        if (services.GetRequiredService<DemoSettings>().Seed)
        {
            // Accounts first: the demo history records which demo agent handled each call.
            await StaffAccounts.SeedDemoAsync(scope.ServiceProvider);
            await DemoData.SeedAsync(scope.ServiceProvider, ct);
        }
        if (services.GetRequiredService<IHostEnvironment>().IsProduction() && services.GetRequiredService<KeyProtectionSettings>().Certificate is null)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Allo.Startup").LogWarning(
                "The Data Protection keys (which protect sign-in and booking cookies and feedback links) are stored unencrypted in the database; set DataProtection__CertificatePath and DataProtection__CertificatePassword, or DataProtection__CertificateThumbprint, to encrypt them.");
        }
    }
}
