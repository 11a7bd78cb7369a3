using System.Globalization;
using Allo.Domain.Slots;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Options;

/// <summary>
/// Reads opening hours from configuration. Windows are written as people say them:
/// "Monday 09:00-12:00". Anything unreadable stops start-up with a sentence saying what to fix.
/// </summary>
public static class BookingSettings
{
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static OpeningHours From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Booking");
        var defaults = OpeningHours.Default;
        var windowSettings = section.GetSection("Windows").GetChildren().Where(c => c.Value is not null).ToList();
        var windows = windowSettings.Count == 0 ? defaults.Windows : windowSettings.Select(ParseWindow).ToList();

        var slotMinutes = SettingReader.WholeNumber(section, "SlotMinutes", 15, 5, 240);
        var horizon = SettingReader.WholeNumber(section, "HorizonDays", defaults.HorizonDays, 1, 366);
        var noticeMinutes = SettingReader.WholeNumber(section, "MinimumNoticeMinutes", (int)defaults.MinimumNotice.TotalMinutes, 0, 60 * 24 * 14);
        return new OpeningHours
        {
            Windows = windows,
            SlotLength = Period.FromMinutes(slotMinutes),
            HorizonDays = horizon,
            MinimumNotice = Duration.FromMinutes(noticeMinutes),
        };
    }

    private static OpeningWindow ParseWindow(IConfigurationSection setting)
    {
        var text = setting.Value!;
        var problem = new ConfigurationProblem(
            $"{setting.Path} is '{text}'; set {setting.Path.Replace(":", "__", StringComparison.Ordinal)} to a weekday and two times, for example \"Monday 09:00-12:00\".");
        var parts = text.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !Enum.TryParse<IsoDayOfWeek>(parts[0], ignoreCase: true, out var day) || day == IsoDayOfWeek.None)
        {
            throw problem;
        }
        var start = Time.Parse(parts[1]);
        var end = Time.Parse(parts[2]);
        if (!start.Success || !end.Success || end.Value <= start.Value)
        {
            throw problem;
        }
        return new OpeningWindow(day, start.Value, end.Value);
    }
}
