using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// Turns opening hours into concrete callback slots in a time zone, skipping public holidays.
/// Local times are resolved on purpose, never with a silent default: a slot whose local time
/// does not exist on that day (the spring-forward gap) is skipped, and an ambiguous one (the
/// autumn fall-back hour) takes its earlier occurrence only, so a slot never appears twice.
/// </summary>
public sealed class SlotCalendar
{
    private readonly OpeningHours _hours;

    public SlotCalendar(OpeningHours hours, DateTimeZone zone)
    {
        _hours = hours;
        Zone = zone;
        foreach (var window in hours.Windows)
        {
            window.Validated();
        }
        if (hours.SlotLength.HasDateComponent || hours.SlotLength.Normalize().ToDuration() <= Duration.Zero)
        {
            throw new ArgumentException("The slot length must be a positive number of hours and minutes.");
        }
    }

    public static DateTimeZone Brussels => DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    public DateTimeZone Zone { get; }

    public OpeningHours Hours => _hours;

    public LocalDate Today(Instant now) => now.InZone(Zone).Date;

    /// <summary>The dates a citizen can book on now: today to the last day of the horizon (<see cref="ServiceDates"/>).</summary>
    public DateInterval BookableDates(Instant now) => ServiceDates.Bookable(Today(now), _hours.HorizonDays);

    /// <summary>Every opening slot on one local date, in order (none on weekends or holidays by default).</summary>
    public IEnumerable<Slot> SlotsOn(LocalDate date)
    {
        if (BelgianHolidays.IsHoliday(date))
        {
            yield break;
        }
        foreach (var window in _hours.Windows.Where(w => w.Day == date.DayOfWeek).OrderBy(w => w.Start))
        {
            var start = date + window.Start;
            var windowEnd = date + window.End;
            while (start + _hours.SlotLength <= windowEnd)
            {
                if (TryResolve(start, out var startInstant))
                {
                    // A slot lasts its length in elapsed time, even across a clock change.
                    yield return new Slot(startInstant, startInstant + _hours.SlotLength.ToDuration(), start);
                }
                start += _hours.SlotLength;
            }
        }
    }

    /// <summary>The slots a citizen may choose now: from the minimum notice up to the end of the horizon.</summary>
    public IEnumerable<Slot> BookableSlots(Instant now, LocalDate from, int days)
        => BookableSlots(now, from, days, 1);

    /// <summary>The slots where a call of <paramref name="count"/> slots may start now.</summary>
    public IEnumerable<Slot> BookableSlots(Instant now, LocalDate from, int days, int count) =>
        BookableRuns(now, from, days, count).Select(run => run[0]);

    /// <summary>
    /// The runs of <paramref name="count"/> consecutive slots a call may take, starting now or later,
    /// for a range of days: each day's slots are computed once and every run read from that list, so
    /// the answer is what <see cref="Check(Instant, Instant, int)"/> and <see cref="Run"/> give slot by
    /// slot, without computing the day again for each of its slots.
    /// </summary>
    public IEnumerable<IReadOnlyList<Slot>> BookableRuns(Instant now, LocalDate from, int days, int count)
    {
        var today = Today(now);
        var first = from < today ? today : from;
        var last = LocalDate.Min(from.PlusDays(days - 1), today.PlusDays(_hours.HorizonDays));
        var bookable = BookableDates(now);
        var earliest = now + _hours.MinimumNotice;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            var day = SlotsOn(date).ToList();
            for (var i = 0; i + count <= day.Count; i++)
            {
                var start = day[i].Start;
                if (start <= now || start < earliest || !bookable.Covers(start, Zone) || !Consecutive(day, i, count))
                {
                    continue;
                }
                yield return day.GetRange(i, count);
            }
        }
    }

    // Each slot of the run starts when the one before it ends (no lunch break, no closing inside).
    private static bool Consecutive(List<Slot> day, int first, int count)
    {
        for (var i = first + 1; i < first + count; i++)
        {
            if (day[i].Start != day[i - 1].End)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Finds the slot that starts at this instant, if the service is open then.</summary>
    public Slot? SlotStartingAt(Instant start)
    {
        var date = start.InZone(Zone).Date;
        foreach (var slot in SlotsOn(date))
        {
            if (slot.Start == start)
            {
                return slot;
            }
        }
        return null;
    }

    /// <summary>
    /// The consecutive slots a call of <paramref name="count"/> slots starting here would take, each
    /// starting when the previous one ends; null when the service is not open that long (lunch, closing).
    /// </summary>
    public IReadOnlyList<Slot>? Run(Instant start, int count)
    {
        var date = start.InZone(Zone).Date;
        var slots = SlotsOn(date).SkipWhile(s => s.Start != start).Take(count).ToList();
        if (slots.Count < count || slots.Count == 0)
        {
            return null;
        }
        for (var i = 1; i < slots.Count; i++)
        {
            if (slots[i].Start != slots[i - 1].End)
            {
                return null;
            }
        }
        return slots;
    }

    /// <summary>Whether a citizen may book a call of this many slots starting at this instant, now.</summary>
    public SlotProblem Check(Instant start, Instant now, int count)
    {
        var problem = Check(start, now);
        return problem == SlotProblem.None && Run(start, count) is null ? SlotProblem.TooShort : problem;
    }

    /// <summary>Whether a citizen may book a slot starting at this instant, now. Any instant at all gets an answer.</summary>
    public SlotProblem Check(Instant start, Instant now)
    {
        if (start <= now)
        {
            return SlotProblem.InThePast;
        }
        if (!ServiceDates.Range(Today(now)).Covers(start, Zone))
        {
            // Far beyond any date the service talks about: never turned into a local date, which
            // overflows near the end of time.
            return SlotProblem.BeyondHorizon;
        }
        if (SlotStartingAt(start) is null)
        {
            return SlotProblem.NotAnOpeningTime;
        }
        if (start < now + _hours.MinimumNotice)
        {
            return SlotProblem.TooSoon;
        }
        if (!BookableDates(now).Covers(start, Zone))
        {
            return SlotProblem.BeyondHorizon;
        }
        return SlotProblem.None;
    }

    private bool TryResolve(LocalDateTime local, out Instant instant)
    {
        var mapping = Zone.MapLocal(local);
        if (mapping.Count == 0)
        {
            instant = default;
            return false;
        }
        instant = mapping.First().ToInstant();
        return true;
    }
}
