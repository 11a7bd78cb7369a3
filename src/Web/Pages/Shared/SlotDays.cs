using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Pages.Shared;

/// <summary>
/// A day first, then a time on that day (docs/decisions/0025-a-day-then-a-time.md): the days of a week
/// with free times for a call of this length in this language, and one day's free times. Booking and
/// moving a booking share it; the agents' picker keeps the whole week (<see cref="SlotWeeks"/>).
/// </summary>
public static class SlotDays
{
    /// <summary>How the day picker writes a day, in its radios and in the time page's address.</summary>
    public static string Format(LocalDate day) => LocalDatePattern.Iso.Format(day);

    /// <summary>A day as the day picker sends it (2026-12-02), if it is one a citizen can book on; else null.</summary>
    public static LocalDate? ReadDay(string? text, BookingService bookings, IClock clock)
    {
        // Nobody types it: anything longer than a date is not one, and is never parsed.
        if (string.IsNullOrWhiteSpace(text) || text.Length > 10)
        {
            return null;
        }
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success && bookings.Calendar.BookableDates(clock.GetCurrentInstant()).Contains(parsed.Value) ? parsed.Value : null;
    }

    /// <summary>The week (counted from today, as the week links count) that holds <paramref name="day"/>.</summary>
    public static int WeekOf(BookingService bookings, IClock clock, LocalDate day) =>
        Math.Clamp(Period.DaysBetween(bookings.Calendar.Today(clock.GetCurrentInstant()), day) / 7, 0, LastWeek(bookings));

    public static async Task<DayPickerModel> LoadWeekAsync(
        BookingService bookings, IClock clock, int week, LocalDate? selected, string? error, string heading, Func<int, string> urlForWeek, Language language, int slotCount,
        CallbackMode callback)
    {
        var lastWeek = LastWeek(bookings);
        week = Math.Clamp(week, 0, lastWeek);
        var from = bookings.Calendar.Today(clock.GetCurrentInstant()).PlusDays(7 * week);
        var slots = await bookings.AvailabilityAsync(from, 7, language, slotCount: slotCount, callback: callback);
        var days = slots.Where(s => s.SeatsLeft > 0).GroupBy(s => s.Slot.LocalDate).Select(d => new DayChoice(d.Key, d.Count())).ToList();
        return new DayPickerModel(days, selected, error, heading, week > 0 ? urlForWeek(week - 1) : null, week < lastWeek ? urlForWeek(week + 1) : null);
    }

    /// <summary>
    /// The times still free on <paramref name="day"/> for a call of <paramref name="slotCount"/> slots in
    /// <paramref name="language"/>; for a relay call, only those within the relay's hours.
    /// </summary>
    public static async Task<IReadOnlyList<SlotAvailability>> FreeTimesAsync(BookingService bookings, LocalDate day, Language language, int slotCount, CallbackMode callback) =>
        (await bookings.AvailabilityAsync(day, 1, language, slotCount: slotCount, callback: callback)).Where(s => s.SeatsLeft > 0).ToList();

    /// <summary>
    /// Why the time chosen on <paramref name="day"/> cannot be had, as the key of its error; null when it is
    /// among the day's free times. The booking itself checks again: this only spares the citizen a step.
    /// </summary>
    public static string? TimeProblem(string? slotStart, LocalDate day, IReadOnlyList<SlotAvailability> free, BookingService bookings, int slotCount, CallbackMode callback)
    {
        if (!SlotTimes.TryParse(slotStart, out var start))
        {
            return "Error.Time.Missing";
        }
        if (bookings.Check(start, slotCount, callback) is var problem && problem != SlotProblem.None)
        {
            return $"Error.Slot.{problem}";
        }
        // A time of another day is not one of those shown (only a crafted request sends it).
        if (start.InZone(bookings.Calendar.Zone).Date != day)
        {
            return "Error.Slot.NotAnOpeningTime";
        }
        return free.Any(f => f.Slot.Start == start) ? null : "Error.Slot.Taken";
    }

    private static int LastWeek(BookingService bookings) => bookings.Calendar.Hours.HorizonDays / 7;
}

/// <summary>One day of the day picker: its date and how many times are still free on it.</summary>
public sealed record DayChoice(LocalDate Date, int FreeTimes);

/// <summary>The days of one week that have free times, for the first of the two questions.</summary>
public sealed record DayPickerModel(IReadOnlyList<DayChoice> Days, LocalDate? Selected, string? Error, string Heading, string? EarlierUrl, string? LaterUrl);

/// <summary>The free times of one day, for the second question.</summary>
public sealed record TimePickerModel(LocalDate Day, IReadOnlyList<SlotAvailability> Times, string? Selected, string? Error, DateTimeZone Zone);
