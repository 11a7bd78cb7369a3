using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Options;

/// <summary>
/// Demo accounts and demo bookings: seeded into an empty database when Allo:DemoData is on, and never
/// allowed in Production, where the accounts' published password would let anyone in as a manager.
/// </summary>
public sealed record DemoSettings(bool Seed, bool RefuseDemoAccounts)
{
    public static DemoSettings From(IConfiguration configuration, bool isProduction)
    {
        var seed = SettingReader.Flag(configuration.GetSection("Allo"), "DemoData", false);
        if (seed && isProduction)
        {
            throw new ConfigurationProblem(
                "Allo:DemoData is true in Production, which must never hold the demo accounts with their published password; remove Allo__DemoData or set it to false.");
        }
        return new DemoSettings(seed, RefuseDemoAccounts: isProduction);
    }
}
