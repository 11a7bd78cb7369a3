using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Booking;

/// <summary>"What would help you", in plain words. Every answer is optional.</summary>
public sealed class NeedsModel(DraftStore drafts, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Booking/Needs";

    [BindProperty]
    public NeedsInput Needs { get; set; } = new();

    public void OnGet() => Needs = Draft.Needs;

    public IActionResult OnPost()
    {
        ModelState.Clear();
        ModelState.Add(BookingFields.CheckNeeds(Needs, out _), text);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        return SaveAndContinue(Draft with { Needs = Needs, NeedsAnswered = true });
    }
}
