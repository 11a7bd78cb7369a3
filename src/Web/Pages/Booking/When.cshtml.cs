using Allo.Web.Infrastructure;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Web.Localization;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Booking;

public sealed class WhenModel(DraftStore drafts, BookingService bookings, IClock clock, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/When";

    [BindProperty(SupportsGet = true, Name = "week")]
    public string? WeekText { get; set; }

    public int Week => FieldErrors.ReadNumber(WeekText);

    [BindProperty(Name = "slotStart")]
    public string? SlotStart { get; set; }

    /// <summary>Set when the chosen time was taken by someone else meanwhile.</summary>
    [BindProperty(SupportsGet = true, Name = "taken")]
    public string? TakenText { get; set; }

    public bool Taken => FieldErrors.ReadFlag(TakenText);

    public SlotPickerModel Picker { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        if (Taken)
        {
            ModelState.AddModelError("slotStart", text["Error.Slot.Taken"]);
        }
        await LoadAsync(Draft.SlotStart);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!SlotTimes.TryParse(SlotStart, out var start))
        {
            ModelState.AddModelError("slotStart", text["Error.Slot.Missing"]);
        }
        else if (bookings.Check(start, SlotCount, Callback) is var problem && problem != SlotProblem.None)
        {
            ModelState.AddModelError("slotStart", text[$"Error.Slot.{problem}"]);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(null);
            return Page();
        }
        return SaveAndContinue(Draft with { SlotStart = SlotStart });
    }

    private async Task LoadAsync(string? selected) =>
        Picker = await SlotWeeks.LoadAsync(bookings, clock, Week, selected, ModelState.ErrorFor("slotStart"), text["When.Title"],
            week => Url.Page("/Booking/When", new { week, change = ReturnToCheck ? true : (bool?)null })!, JsonStringLocalizer.CurrentLanguage, SlotCount, Callback);

    /// <summary>
    /// Once the citizen has said what helps them, only times long enough for their call are offered,
    /// and for a relay call only times when the relay service is open.
    /// </summary>
    private ContactPlan? Plan => Draft.Plan(bookings, JsonStringLocalizer.CurrentLanguage);

    private int SlotCount => Plan?.Slots.Value ?? 1;

    private CallbackMode Callback => Plan?.Callback.Value ?? CallbackMode.Voice;
}
