using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Manage;

/// <summary>Moving the call, first half: a day with free times for a call of this one's length and language (decision 0025).</summary>
public sealed class MoveModel(BookingService bookings, IClock clock, IStringLocalizer text) : ManagePageModel(bookings)
{
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

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Booking.IsActive)
        {
            return Redirect(LinkTo("/Manage/Index"));
        }
        var selected = SlotDays.ReadDay(DayText, Bookings, clock);
        if (SlotDays.ReadDay(FullText, Bookings, clock) is { } full)
        {
            ModelState.AddModelError("day", text["Error.Day.NoFreeTimes", CitizenCulture.LongDate(full, text)]);
            selected = null;
        }
        await LoadAsync(selected);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var day = SlotDays.ReadDay(DayText, Bookings, clock);
        if (day is null)
        {
            ModelState.AddModelError("day", text["Error.Day.Missing"]);
        }
        else if ((await SlotDays.FreeTimesAsync(Bookings, day.Value, Booking.Language, Booking.SlotCount, Booking.Plan.Callback.Value)).Count == 0)
        {
            ModelState.AddModelError("day", text["Error.Day.NoFreeTimes", CitizenCulture.LongDate(day.Value, text)]);
            day = null;
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(day);
            return Page();
        }
        return Redirect(LinkTo("/Manage/MoveTime", new { day = SlotDays.Format(day!.Value) }));
    }

    private async Task LoadAsync(LocalDate? selected)
    {
        Week = WeekText is null && selected is { } day ? SlotDays.WeekOf(Bookings, clock, day) : FieldErrors.ReadNumber(WeekText);
        Picker = await SlotDays.LoadWeekAsync(Bookings, clock, Week, selected, ModelState.ErrorFor("day"), text["Move.Title"],
            week => LinkTo("/Manage/Move", new { week }), Booking.Language, Booking.SlotCount, Booking.Plan.Callback.Value);
    }
}
