using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Bookings;

/// <summary>How slot times travel between the service and its front ends: ISO 8601 with the Brussels offset.</summary>
public static class SlotTimes
{
    // Always "+01:00" style, which every ISO 8601 reader accepts; ExtendedIso would write "+01".
    private static readonly OffsetDateTimePattern Output = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>");
    private static readonly OffsetDateTimePattern Pattern = OffsetDateTimePattern.ExtendedIso;

    public static string Format(Instant instant, DateTimeZone zone) =>
        Output.Format(instant.InZone(zone).ToOffsetDateTime());

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
