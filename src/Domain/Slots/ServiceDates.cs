using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// The dates the service can talk about: the one rule every date and time read from outside passes
/// (a slot start from a form or the API, the API's <c>from</c>, a staff filter, a closure). Citizens
/// book from today to the end of the horizon; staff look back and plan ahead a bounded number of
/// years. Anything outside is refused as input, so no date arithmetic on it can run off NodaTime's
/// calendar (years -9998 to 9999) and no query asks a database for a time it cannot store.
/// </summary>
public static class ServiceDates
{
    /// <summary>How far back a report can look: well beyond the retention of personal data.</summary>
    public const int YearsBack = 10;

    /// <summary>How far ahead staff can plan (a closure, an extra team) or look.</summary>
    public const int YearsAhead = 5;

    /// <summary>Every date anyone can ask the service about, and the outer bound for any time read from outside.</summary>
    public static DateInterval Range(LocalDate today) => new(today.PlusYears(-YearsBack), today.PlusYears(YearsAhead));

    /// <summary>The dates a citizen can book on: today to the last day of the horizon.</summary>
    public static DateInterval Bookable(LocalDate today, int horizonDays) => new(today, today.PlusDays(horizonDays));

    /// <summary>
    /// Whether an instant falls on one of these dates in <paramref name="zone"/>. The bounds are turned
    /// into instants rather than the instant into a local date, which overflows at the ends of time.
    /// </summary>
    public static bool Covers(this DateInterval dates, Instant instant, DateTimeZone zone) =>
        instant >= dates.Start.AtStartOfDayInZone(zone).ToInstant()
        && instant < dates.End.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
}
