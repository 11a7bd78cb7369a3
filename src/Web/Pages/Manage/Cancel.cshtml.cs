using Allo.Scheduler.Bookings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manage;

public sealed class CancelModel(BookingService bookings, IStringLocalizer text) : ManagePageModel(bookings)
{
    public IActionResult OnGet() => Booking.IsActive ? Page() : Redirect(LinkTo("/Manage/Index"));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        switch (await Bookings.CancelAsync(Reference, Token, ct))
        {
            case BookingOutcome.Done:
                return Redirect(LinkTo("/Manage/Index", new { done = "cancelled" }));
            case BookingOutcome.Refused refused:
                ModelState.AddModelError("cancel", text[refused.MessageKey]);
                return Page();
            default:
                return NotFound();
        }
    }
}
