using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Allo.Scheduler.Options;

/// <summary>
/// Staff:*: whether agents too need a second factor (managers always do), and after how long without
/// activity a staff session ends (shared and home computers; docs/decisions/0020).
/// </summary>
public sealed record StaffSignInSettings(bool SecondFactorForAgents, Duration Idle)
{
    public static StaffSignInSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Staff");
        return new StaffSignInSettings(
            SettingReader.Flag(section, "SecondFactorForAgents", false),
            // At least 5 minutes: the warning comes 2 minutes before, and must leave time to read it.
            Duration.FromMinutes(SettingReader.WholeNumber(section, "IdleMinutes", 30, 5, 480)));
    }
}
