using Allo.Domain;
using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Booking;

public sealed class CheckModel(DraftStore drafts, BookingService bookings, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/Check";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new BookingInput
        {
            SlotStart = Draft.SlotStart,
            Phone = Draft.Phone,
            Language = JsonStringLocalizer.CurrentLanguage.Code(),
            Name = Draft.Name,
            Email = Draft.Email,
            Needs = Draft.Needs,
        };
        switch (await bookings.BookAsync(input, ct))
        {
            case BookingOutcome.Done done:
                ClearDraft();
                return RedirectToPage("/Booking/Confirmation", new { @ref = done.Booking.Reference, token = done.ManageToken });
            case BookingOutcome.SlotFull:
                return ChooseAnotherTime(bookings.Calendar.Zone);
            case BookingOutcome.Unreachable unreachable:
                // The way out is on the phone and needs rows: another number, or someone who takes the call.
                foreach (var reason in unreachable.Reasons)
                {
                    ModelState.AddModelError(reason.RuleId.StartsWith("callback.", StringComparison.Ordinal) ? "needs" : "phone", text[$"Rule.{reason.RuleId}"]);
                }
                return Page();
            case BookingOutcome.PhoneAlreadyBooked:
                return RedirectToPage("/Booking/AlreadyBooked");
            case BookingOutcome.Invalid invalid:
                ModelState.Add(invalid.Errors, text);
                return Page();
            default:
                ModelState.AddModelError("slotStart", text["Error.Booking.Busy"]);
                return Page();
        }
    }
}
