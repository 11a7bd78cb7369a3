using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Manage;

public sealed class MoveModel(BookingService bookings, IClock clock, IStringLocalizer text) : ManagePageModel(bookings)
{
    [BindProperty(SupportsGet = true, Name = "week")]
    public string? WeekText { get; set; }

    public int Week => FieldErrors.ReadNumber(WeekText);

    [BindProperty(Name = "slotStart")]
    public string? SlotStart { get; set; }

    public SlotPickerModel Picker { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Booking.IsActive)
        {
            return Redirect(LinkTo("/Manage/Index"));
        }
        await LoadAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await Bookings.MoveAsync(Reference, Token, SlotStart, ct);
        if (outcome is BookingOutcome.Done)
        {
            return Redirect(LinkTo("/Manage/Index", new { done = "moved" }));
        }
        if (!ModelState.AddMoveRefusal(outcome, text))
        {
            return NotFound();
        }
        await LoadAsync(SlotStart);
        return Page();
    }

    private async Task LoadAsync(string? selected) =>
        Picker = await SlotWeeks.LoadAsync(Bookings, clock, Week, selected, ModelState.ErrorFor("slotStart"), text["Move.Title"],
            week => LinkTo("/Manage/Move", new { week }), Booking.Language, Booking.SlotCount, Booking.Plan.Callback.Value);
}
