using NodaTime;

namespace Allo.Domain.Texting;

public enum PartOfDay
{
    Morning,
    Afternoon,
}

/// <summary>
/// "morgen", "lundi 14h30", "12/12", "le 3 janvier", "friday 3pm": which free times the citizen wants
/// to see. A date without a year is resolved against the calendar's today when it is used (the next
/// such date, today included), so reading a text needs no clock.
/// </summary>
/// <param name="At">A time of day the citizen named: the offer starts there, or says it is not free.</param>
/// <param name="Date">A day and month the citizen named; <paramref name="Year"/> when they wrote one.</param>
public sealed record DayWish(int? DaysFromToday = null, IsoDayOfWeek? Weekday = null, PartOfDay? Part = null, LocalTime? At = null, AnnualDate? Date = null, int? Year = null)
{
    public static DayWish Any { get; } = new();

    public bool IsAny => this == Any;

    /// <summary>The day and time filters: a slot on a wished day, at or after the wished time (or in the wished part of the day).</summary>
    public bool Allows(LocalDateTime slot, LocalDate today) =>
        AllowsDay(slot.Date, today)
        && (At is { } at ? slot.TimeOfDay >= at : Part is not { } part || (part == PartOfDay.Morning ? slot.Hour < 12 : slot.Hour >= 12));

    public bool AllowsDay(LocalDate date, LocalDate today) =>
        (DaysFromToday is not { } days || date == today.PlusDays(days))
        && (Weekday is not { } weekday || date.DayOfWeek == weekday)
        && (DateOn(today) is not { } on || date == on);

    /// <summary>The date named, resolved: with a year that date; without, its next occurrence from today (a 29 February in the next leap year).</summary>
    public LocalDate? DateOn(LocalDate today)
    {
        if (Date is not { } date)
        {
            return null;
        }
        if (Year is { } year)
        {
            return date.IsValidYear(year) ? date.InYear(year) : null;
        }
        for (var y = today.Year; y <= today.Year + 8; y++)
        {
            if (date.IsValidYear(y) && date.InYear(y) >= today)
            {
                return date.InYear(y);
            }
        }
        return null;
    }

    /// <summary>
    /// The times to offer out of the free ones (in order): the first that suit the wish. With a time
    /// named, the offer starts at the first free slot at exactly that time; when no free slot starts
    /// then, it is the free times nearest to it on the first wished day that has any, and
    /// <see cref="TimeOffer{T}.AsAsked"/> is false so the reply can say so.
    /// </summary>
    public TimeOffer<T> Choose<T>(IEnumerable<T> free, Func<T, LocalDateTime> local, LocalDate today, int count)
    {
        var slots = free.ToList();
        if (At is not { } at)
        {
            return new TimeOffer<T>(slots.Where(s => Allows(local(s), today)).Take(count).ToList(), true);
        }
        // An explicit time wins over a part of the day: "ochtend 15u" wants 15:00.
        var onDay = slots.Where(s => AllowsDay(local(s).Date, today)).ToList();
        var first = onDay.FindIndex(s => local(s).TimeOfDay == at);
        if (first >= 0)
        {
            return new TimeOffer<T>(onDay.Skip(first).Where(s => local(s).TimeOfDay >= at).Take(count).ToList(), true);
        }
        var nearest = onDay
            .GroupBy(s => local(s).Date)
            .OrderBy(g => g.Key)
            .SelectMany(g => g.OrderBy(s => Math.Abs(Period.Between(at, local(s).TimeOfDay, PeriodUnits.Minutes).Minutes)).ThenBy(s => local(s).TimeOfDay))
            .Take(count)
            .OrderBy(local)
            .ToList();
        return new TimeOffer<T>(nearest, false);
    }
}

/// <param name="AsAsked">False when the citizen named a time that is not free and these are the nearest free times instead.</param>
public sealed record TimeOffer<T>(IReadOnlyList<T> Slots, bool AsAsked);
