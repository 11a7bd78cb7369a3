using NodaTime;
using NodaTime.Testing;

namespace Allo.TestSupport;

public static class TestClock
{
    /// <summary>Tuesday 1 December 2026, 08:00 in Brussels: a normal working week with no holiday near.</summary>
    public static readonly Instant Tuesday0800 = Instant.FromUtc(2026, 12, 1, 7, 0);

    public static FakeClock At(Instant now) => new(now);

    public static Instant Brussels(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Brussels"]).ToInstant();
}
