using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Options;

/// <summary>Reads one setting, and names the environment variable to fix when it is wrong.</summary>
public static class SettingReader
{
    public static int WholeNumber(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ConfigurationProblem($"{section.Path}:{key} is '{text}'; set {section.Path}__{key} to a whole number from {min} to {max}.");
        }
        return value;
    }
}
