using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Booking;

public sealed class PhoneModel(DraftStore drafts, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/Phone";

    [BindProperty(Name = "phone")]
    public string? Phone { get; set; }

    public void OnGet() => Phone = Draft.Phone;

    public IActionResult OnPost()
    {
        ModelState.Add(BookingFields.CheckPhone(Phone, out var number), text);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        return SaveAndContinue(Draft with { Phone = number!.E164 });
    }
}
