using Allo.Domain.Calls;
using Allo.Scheduler.Calls;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Allo.Scheduler.Options;

/// <summary>Reads the call policy (tries, time between them, how long a claim holds) from Calls:*.</summary>
public static class CallSettings
{
    public static CallPolicy From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Calls");
        return new CallPolicy
        {
            Tries = SettingReader.WholeNumber(section, "Tries", 2, 1, 5),
            RetryAfter = Duration.FromMinutes(SettingReader.WholeNumber(section, "RetryAfterMinutes", 5, 1, 120)),
            ClaimHold = Duration.FromMinutes(SettingReader.WholeNumber(section, "ClaimMinutes", 20, 5, 240)),
        };
    }

    /// <summary>Calls:Routing: Strict (the default) or Overflow; see docs/decisions/0017.</summary>
    public static CallRouting RoutingFrom(IConfiguration configuration) =>
        new(SettingReader.Choice(configuration.GetSection("Calls"), "Routing", RoutingMode.Strict));

    /// <summary>Calls:EndOfDay: Message (the default), Offer or Waitlist; see docs/decisions/0032 and 0037.</summary>
    public static EndOfDaySettings EndOfDayFrom(IConfiguration configuration) =>
        new(SettingReader.Choice(configuration.GetSection("Calls"), "EndOfDay", EndOfDayPolicy.Message));
}
