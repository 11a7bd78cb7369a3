using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Bookings;

/// <summary>How slot times travel between the service and its front ends: ISO 8601 with the Brussels offset.</summary>
public static class SlotTimes
{
    private static readonly OffsetDateTimePattern Pattern = OffsetDateTimePattern.ExtendedIso;

    public static string Format(Instant instant, DateTimeZone zone) =>
        Pattern.Format(instant.InZone(zone).ToOffsetDateTime());

    public static bool TryParse(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }
        var result = Pattern.Parse(text.Trim());
        if (result.Success)
        {
            instant = result.Value.ToInstant();
            return true;
        }
        var utc = InstantPattern.ExtendedIso.Parse(text.Trim());
        if (utc.Success)
        {
            instant = utc.Value;
            return true;
        }
        return false;
    }
}
