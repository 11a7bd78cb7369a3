using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manage;

/// <summary>"Change how we contact you": the same questions as when booking; the rules decide again.</summary>
public sealed class ContactModel(BookingService bookings, IStringLocalizer text) : ManagePageModel(bookings)
{
    [BindProperty]
    public NeedsInput Needs { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Booking.IsActive)
        {
            return Redirect(LinkTo("/Manage/Index"));
        }
        Needs = BookingFields.ToInput(Booking.Needs, await Bookings.OptedOutAsync(Booking, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        switch (await Bookings.ChangeNeedsAsync(Reference, Token, Needs, ct))
        {
            case BookingOutcome.Done:
                return Redirect(LinkTo("/Manage/Index", new { done = "contact" }));
            case BookingOutcome.Invalid invalid:
                ModelState.Add(invalid.Errors, text);
                break;
            case BookingOutcome.Unreachable unreachable:
                foreach (var reason in unreachable.Reasons)
                {
                    ModelState.AddModelError("needs", text[$"Rule.{reason.RuleId}"]);
                }
                break;
            case BookingOutcome.SlotFull:
                ModelState.AddModelError("needs", text["Error.Slot.TooShortForNeeds"]);
                break;
            case BookingOutcome.Refused refused:
                ModelState.AddModelError("needs", text[refused.MessageKey]);
                break;
            default:
                return NotFound();
        }
        return Page();
    }
}
