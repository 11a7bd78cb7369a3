using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Booking;

/// <summary>The first half of "when": a day with free times. The time on it is the next page's question (decision 0025).</summary>
public sealed class WhenModel(DraftStore drafts, BookingService bookings, IClock clock, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/When";

    [BindProperty(SupportsGet = true, Name = "week")]
    public string? WeekText { get; set; }

    /// <summary>The day chosen; on a GET, the day to preselect (the time page's back link gives it).</summary>
    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayText { get; set; }

    /// <summary>Set by the time page when no time was left on that day.</summary>
    [BindProperty(SupportsGet = true, Name = "full")]
    public string? FullText { get; set; }

    public int Week { get; private set; }

    public DayPickerModel Picker { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var selected = SlotDays.ReadDay(DayText, bookings, clock) ?? DraftDay();
        if (SlotDays.ReadDay(FullText, bookings, clock) is { } full)
        {
            ModelState.AddModelError("day", text["Error.Day.NoFreeTimes", CitizenCulture.LongDate(full, text)]);
            selected = null;
        }
        await LoadAsync(selected, CallFor(bookings));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var day = SlotDays.ReadDay(DayText, bookings, clock);
        var call = CallFor(bookings);
        if (day is null)
        {
            ModelState.AddModelError("day", text["Error.Day.Missing"]);
        }
        else if ((await SlotDays.FreeTimesAsync(bookings, day.Value, JsonStringLocalizer.CurrentLanguage, call.SlotCount, call.Callback)).Count == 0)
        {
            ModelState.AddModelError("day", text["Error.Day.NoFreeTimes", CitizenCulture.LongDate(day.Value, text)]);
            day = null;
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(day, call);
            return Page();
        }
        return RedirectToPage("/Booking/Time", new { day = SlotDays.Format(day!.Value), change = ReturnToCheck ? true : (bool?)null });
    }

    private async Task LoadAsync(LocalDate? selected, (int SlotCount, CallbackMode Callback) call)
    {
        // Without a week in the address, the week of the day to preselect (a change link, a back link).
        Week = WeekText is null && selected is { } day ? SlotDays.WeekOf(bookings, clock, day) : FieldErrors.ReadNumber(WeekText);
        Picker = await SlotDays.LoadWeekAsync(bookings, clock, Week, selected, ModelState.ErrorFor("day"), text["When.Title"],
            week => Url.Page("/Booking/When", new { week, change = ReturnToCheck ? true : (bool?)null })!, JsonStringLocalizer.CurrentLanguage, call.SlotCount, call.Callback);
    }


    private LocalDate? DraftDay() =>
        SlotTimes.TryParse(Draft.SlotStart, out var start) && bookings.Calendar.BookableDates(clock.GetCurrentInstant()).Covers(start, bookings.Calendar.Zone)
            ? start.InZone(bookings.Calendar.Zone).Date
            : null;
}
