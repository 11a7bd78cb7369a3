using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Booking;

/// <summary>Name and email, both optional: nobody is turned away for not having an email address.</summary>
public sealed class DetailsModel(DraftStore drafts, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/Details";

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    public void OnGet()
    {
        Name = Draft.Name;
        Email = Draft.Email;
    }

    public IActionResult OnPost()
    {
        ModelState.Add(BookingFields.CheckName(Name).Concat(BookingFields.CheckEmail(Email)), text);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        return SaveAndContinue(Draft with { Name = Name?.Trim(), Email = Email?.Trim(), DetailsAnswered = true });
    }
}
