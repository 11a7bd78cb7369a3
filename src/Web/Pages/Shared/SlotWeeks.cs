using Allo.Scheduler.Bookings;
using NodaTime;

namespace Allo.Web.Pages.Shared;

/// <summary>Pages the booking horizon into weeks for the slot picker: the times free for a call of that length and kind in that language.</summary>
public static class SlotWeeks
{
    public static async Task<SlotPickerModel> LoadAsync(
        BookingService bookings, IClock clock, int week, string? selected, string? error, string heading, Func<int, string> urlForWeek, Domain.Language language, int slotCount = 1,
        Domain.Contact.CallbackMode callback = Domain.Contact.CallbackMode.Voice)
    {
        var calendar = bookings.Calendar;
        var lastWeek = calendar.Hours.HorizonDays / 7;
        week = Math.Clamp(week, 0, lastWeek);
        var from = calendar.Today(clock.GetCurrentInstant()).PlusDays(7 * week);
        var slots = await bookings.AvailabilityAsync(from, 7, language, slotCount: slotCount, callback: callback);
        return new SlotPickerModel(
            slots,
            selected,
            error,
            calendar.Zone,
            week > 0 ? urlForWeek(week - 1) : null,
            week < lastWeek ? urlForWeek(week + 1) : null,
            heading);
    }
}
