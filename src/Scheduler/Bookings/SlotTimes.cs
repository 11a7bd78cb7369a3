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
            return TryToInstant(result.Value, out instant);
        }
        var utc = InstantPattern.ExtendedIso.Parse(text.Trim());
        if (utc.Success)
        {
            instant = utc.Value;
            return true;
        }
        return false;
    }

    /// <summary>
    /// A local time at the very ends of NodaTime's calendar with an offset that takes it past them
    /// ("9999-12-31T23:00-05:00") is no instant at all, so it is no time anyone can book.
    /// </summary>
    private static bool TryToInstant(OffsetDateTime value, out Instant instant)
    {
        try
        {
            instant = value.ToInstant();
            return true;
        }
        catch (OverflowException)
        {
            instant = default;
            return false;
        }
    }
}
