using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Waitlist;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Allo.Web.Pages.Booking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Waitlist;

/// <summary>The waitlist's check-answers page: the wish and how we will contact them, then one button that joins.</summary>
public sealed class CheckModel(DraftStore drafts, WaitlistService waitlist, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Waitlist/Check";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The answers were checked on their pages; a draft that no longer reads (days gone past) says so here.
        var errors = BookingFields.CheckPhone(Draft.Phone, out var phone).Concat(BookingFields.CheckName(Draft.Name))
            .Concat(BookingFields.CheckEmail(Draft.Email)).Concat(BookingFields.CheckNeeds(Draft.Needs, out var needs)).ToList();
        if (errors.Count > 0 || WishDays.Days(Draft.Wish) is not { } days)
        {
            ModelState.Add(errors, text);
            if (WishDays.Days(Draft.Wish) is null)
            {
                ModelState.AddModelError("days", text["Error.Waitlist.FirstDay"]);
            }
            return Page();
        }
        var outcome = await waitlist.JoinAsync(phone!, JsonStringLocalizer.CurrentLanguage, Draft.Name, Draft.Email, needs,
            days.First, days.Last, Draft.Wish!.Parts, FrontEnd.Web, ct);
        switch (outcome)
        {
            case JoinOutcome.Joined joined:
                ClearDraft();
                return RedirectToPage("/Waitlist/Joined", new { id = joined.Entry.Id, token = joined.ManageToken });
            case JoinOutcome.AlreadyWaiting:
                return RedirectToPage("/Waitlist/AlreadyWaiting");
            case JoinOutcome.Invalid invalid:
                ModelState.Add(invalid.Errors, text);
                return Page();
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome}.");
        }
    }
}
