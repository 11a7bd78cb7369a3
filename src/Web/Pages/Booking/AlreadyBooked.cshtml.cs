using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Booking;

/// <summary>
/// One call per phone number: instead of a dead end, the citizen can move the call they already
/// have to the time they just chose, proving it is theirs with its reference. Rate limited, since a
/// reference is short enough that guessing must be slow.
/// </summary>
[EnableRateLimiting(RateLimiting.LookupPolicy)]
public sealed class AlreadyBookedModel(DraftStore drafts, BookingService bookings, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/Check";

    [BindProperty(Name = "reference")]
    public string? Reference { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reference))
        {
            ModelState.AddModelError("reference", text["Error.Reference.Missing"]);
            return Page();
        }
        switch (await bookings.MoveByPhoneAsync(Reference, Draft.Phone!, Draft.SlotStart, ct))
        {
            case BookingOutcome.Done done:
                ClearDraft();
                TempData["MovedTo"] = CitizenCulture.DateAndTime(done.Booking.SlotStart, bookings.Calendar.Zone, text).ToString();
                TempData["Reference"] = done.Booking.Reference;
                return RedirectToPage("/Booking/Moved");
            case BookingOutcome.NotFound:
                ModelState.AddModelError("reference", text["Error.Reference.NoMatch"]);
                return Page();
            case BookingOutcome.SlotFull:
                return ChooseAnotherTime(bookings.Calendar.Zone);
            case BookingOutcome.Invalid invalid:
                ModelState.Add(invalid.Errors.Select(e => e with { Field = "reference" }), text);
                return Page();
            case BookingOutcome.Refused refused:
                ModelState.AddModelError("reference", text[refused.MessageKey]);
                return Page();
            default:
                ModelState.AddModelError("reference", text["Error.Booking.Busy"]);
                return Page();
        }
    }
}
