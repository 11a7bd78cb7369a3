using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Pages.Booking;

/// <summary>The second half of "when": a free time on the day chosen (decision 0025). The day is in the address.</summary>
public sealed class TimeModel(DraftStore drafts, BookingService bookings, IClock clock, IStringLocalizer text) : BookingStepModel(drafts)
{
    // The same step as the day: its answer is the draft's one time, and "continue" goes where When's would.
    protected override string ThisStep => "/Booking/When";

    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayText { get; set; }

    [BindProperty(Name = "slotStart")]
    public string? SlotStart { get; set; }

    /// <summary>Set when the time chosen was taken by someone else before the booking was made.</summary>
    [BindProperty(SupportsGet = true, Name = "taken")]
    public string? TakenText { get; set; }

    /// <summary>
    /// A time on the day already chosen, as HHmm: the link in "sorry, we could not call you today"
    /// (Calls:EndOfDay Offer) names it. The citizen still confirms it, and it is only chosen while free.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "at")]
    public string? OfferedText { get; set; }

    public TimePickerModel Picker { get; private set; } = null!;

    /// <summary>Back to the day question, in the week of this day, with this day chosen.</summary>
    public string DaysUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (SlotDays.ReadDay(DayText, bookings, clock) is not { } day)
        {
            return RedirectToPage("/Booking/When", new { change = ChangeFlag });
        }
        var call = CallFor(bookings);
        var free = await SlotDays.FreeTimesAsync(bookings, day, JsonStringLocalizer.CurrentLanguage, call.SlotCount, call.Callback);
        if (free.Count == 0)
        {
            return NoTimeLeft(day);
        }
        if (FieldErrors.ReadFlag(TakenText))
        {
            ModelState.AddModelError("slotStart", text["Error.Slot.Taken"]);
        }
        Show(day, free, Draft.SlotStart ?? Offered(free));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (SlotDays.ReadDay(DayText, bookings, clock) is not { } day)
        {
            return RedirectToPage("/Booking/When", new { change = ChangeFlag });
        }
        var call = CallFor(bookings);
        var free = await SlotDays.FreeTimesAsync(bookings, day, JsonStringLocalizer.CurrentLanguage, call.SlotCount, call.Callback);
        var problem = SlotDays.TimeProblem(SlotStart, day, free, bookings, call.SlotCount, call.Callback);
        if (problem is null && SlotTimes.TryParse(SlotStart, out var start))
        {
            // A time chosen is a booking after all, even after "join the waitlist".
            return SaveAndContinue(Draft with { SlotStart = SlotTimes.Format(start, bookings.Calendar.Zone), JoiningWaitlist = false });
        }
        if (free.Count == 0)
        {
            return NoTimeLeft(day);
        }
        ModelState.AddModelError("slotStart", text[problem!]);
        Show(day, free, null);
        return Page();
    }

    private bool? ChangeFlag => ReturnToCheck ? true : null;

    private string? Offered(IReadOnlyList<SlotAvailability> free) =>
        LocalTimePattern.CreateWithInvariantCulture("HHmm").Parse(OfferedText ?? "") is { Success: true } at
            ? free.Where(f => f.SeatsLeft > 0 && f.Slot.LocalStart.TimeOfDay == at.Value)
                .Select(f => SlotTimes.Format(f.Slot.Start, bookings.Calendar.Zone)).FirstOrDefault()
            : null;

    /// <summary>Every time of the day went meanwhile (or it never had one): the day question again, saying so.</summary>
    private RedirectToPageResult NoTimeLeft(LocalDate day) =>
        RedirectToPage("/Booking/When", new { week = SlotDays.WeekOf(bookings, clock, day), full = SlotDays.Format(day), change = ChangeFlag });

    private void Show(LocalDate day, IReadOnlyList<SlotAvailability> free, string? selected)
    {
        Picker = new TimePickerModel(day, free, selected, ModelState.ErrorFor("slotStart"), bookings.Calendar.Zone);
        DaysUrl = Url.Page("/Booking/When", new { week = SlotDays.WeekOf(bookings, clock, day), day = SlotDays.Format(day), change = ChangeFlag })!;
    }
}
