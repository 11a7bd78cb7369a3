using System.Globalization;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Allo.Scheduler.Options;

/// <summary>
/// The relay service the operator configured (Relay:*): through it an agent calls a deaf citizen's
/// landline, and a relay operator types what is said. Its number is what the agent dials; only calls
/// that lie wholly within its daily hours are offered; a call never lasts longer than it allows.
/// </summary>
/// <param name="MaxSlots">The longest call in whole slots, as the contact rules take it (at least one).</param>
public sealed record RelayService(PhoneNumber Number, DailyHours Hours, int MaxCallMinutes, int MaxSlots);

/// <summary>
/// Reads Relay:Number, Relay:From, Relay:To and Relay:MaxCallMinutes: all or none. None is the
/// default everywhere: deaf citizens with a landline and an email address then get the written
/// conversation by email. Some but not all stops start-up, because a half-configured relay would
/// offer calls the agent cannot make (docs/decisions/0022).
/// </summary>
public static class RelaySettings
{
    private static readonly string[] Keys = ["Number", "From", "To", "MaxCallMinutes"];

    /// <summary>Null when no relay service is configured.</summary>
    public static RelayService? From(IConfiguration configuration, OpeningHours hours)
    {
        var section = configuration.GetSection("Relay");
        var given = Keys.Where(k => !string.IsNullOrWhiteSpace(section[k])).ToList();
        if (given.Count == 0)
        {
            return null;
        }
        var missing = Keys.Except(given).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationProblem(
                $"The relay service is configured only in part; set {string.Join(" and ", missing.Select(k => Variable(section, k)))} as well (Relay__Number, Relay__From, Relay__To and Relay__MaxCallMinutes go together), or remove the Relay settings.");
        }
        var text = section["Number"]!.Trim();
        var number = PhoneNumber.ServiceNumber(text)
            ?? throw new ConfigurationProblem($"Relay:Number is '{text}'; set {Variable(section, "Number")} to the relay service's phone number, such as +3225725757.");
        var opens = SettingReader.Time(section, "From", default);
        var closes = SettingReader.Time(section, "To", default);
        if (closes <= opens)
        {
            throw new ConfigurationProblem(
                $"Relay:From is {Clock(opens)} and Relay:To is {Clock(closes)}; set {Variable(section, "To")} to a time after {Variable(section, "From")}, so that the relay service is open between them every day.");
        }
        var maxMinutes = SettingReader.WholeNumber(section, "MaxCallMinutes", 0, 1, 24 * 60);
        var slotMinutes = (int)hours.SlotLength.Normalize().ToDuration().TotalMinutes;
        if (maxMinutes < slotMinutes)
        {
            throw new ConfigurationProblem(
                $"Relay:MaxCallMinutes is {maxMinutes}, shorter than one call ({slotMinutes} minutes, Booking:SlotMinutes); set {Variable(section, "MaxCallMinutes")} to at least {slotMinutes}, or remove the Relay settings.");
        }
        return new RelayService(number, new DailyHours(opens, closes), maxMinutes, maxMinutes / slotMinutes);
    }

    private static string Clock(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Variable(IConfigurationSection section, string key) => SettingReader.Variable(section, key);
}
