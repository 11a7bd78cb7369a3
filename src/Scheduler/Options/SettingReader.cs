using System.Globalization;
using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Options;

/// <summary>
/// Reads one setting, and when it is wrong stops start-up with one sentence naming the environment
/// variable to set and what it takes. Every setting is read through here, so each gets that treatment.
/// </summary>
public static class SettingReader
{
    /// <summary>The environment variable an operator sets for a key: "Messaging:DevOutbox" is Messaging__DevOutbox.</summary>
    public static string Variable(IConfigurationSection section, string key) => $"{section.Path.Replace(":", "__", StringComparison.Ordinal)}__{key}";

    public static int WholeNumber(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Wrong(section, key, text, $"a whole number from {min} to {max}");
        }
        return value;
    }

    public static double Number(IConfigurationSection section, string key, double fallback, double min, double max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Wrong(section, key, text, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    public static bool Flag(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return bool.TryParse(text.Trim(), out var value) ? value : throw Wrong(section, key, text, "true or false");
    }

    /// <summary>One of an enum's names, in any case; numbers are refused, since nobody means "1" for Postgres.</summary>
    public static T Choice<T>(IConfigurationSection section, string key, T fallback) where T : struct, Enum
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            var names = Enum.GetNames<T>().Select(n => n == fallback.ToString() ? $"{n} (the default)" : n).ToArray();
            throw Wrong(section, key, text, string.Join(", ", names[..^1]) + " or " + names[^1]);
        }
        return Enum.Parse<T>(name);
    }

    /// <summary>An absolute http(s) address, or null when not set.</summary>
    public static Uri? Address(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw Wrong(section, key, text, "an absolute http(s) address");
    }

    /// <summary>An email address (a name before it, as in "Allo &lt;allo@example.be&gt;", is allowed), or null when not set.</summary>
    public static string? EmailAddress(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return MailAddress.TryCreate(text.Trim(), out _) ? text.Trim() : throw Wrong(section, key, text, "an email address such as allo@example.be");
    }

    public static LocalTime Time(IConfigurationSection section, string key, LocalTime fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        var parsed = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text.Trim());
        return parsed.Success ? parsed.Value : throw Wrong(section, key, text, "a time like 18:00");
    }

    private static ConfigurationProblem Wrong(IConfigurationSection section, string key, string text, string wanted) =>
        new($"{section.Path}:{key} is '{text}'; set {Variable(section, key)} to {wanted}.");
}
