using NodaTime;
using NodaTime.Testing;

namespace Allo.TestSupport;

public static class TestClock
{
    /// <summary>Tuesday 1 December 2026, 08:00 in Brussels: a normal working week with no holiday near.</summary>
    public static readonly Instant Tuesday0800 = Instant.FromUtc(2026, 12, 1, 7, 0);

    /// <summary>Wednesday 2 December 2026, 10:00 in Brussels: the slot most tests book, a day after <see cref="Tuesday0800"/>.</summary>
    public static readonly Instant Wednesday1000 = Instant.FromUtc(2026, 12, 2, 9, 0);

    /// <summary><see cref="Wednesday1000"/> as the API and the pages write a slot.</summary>
    public const string Wednesday1000Slot = "2026-12-02T10:00:00+01:00";

    public static FakeClock At(Instant now) => new(now);

    public static Instant Brussels(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Brussels"]).ToInstant();
}
