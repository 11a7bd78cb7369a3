using Allo.Scheduler.Waitlist;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using NodaTime;

namespace Allo.Web.Pages.Waitlist;

/// <summary>
/// The page an offer email links to: the time held for the citizen and one button that takes it. The
/// link names the held seat; an altered or unknown link is a plain "not found", an offer that passed on
/// says so with the next step.
/// </summary>
[EnableRateLimiting(Infrastructure.RateLimiting.LookupPolicy)]
public sealed class OfferModel(OfferLinks links, WaitlistService waitlist) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public Instant SlotStart { get; private set; }
    public Instant ExpiresAt { get; private set; }
    public bool Open { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (links.Read(Token) is not { } id || await waitlist.OfferAsync(id, HttpContext.RequestAborted) is not { } offer)
        {
            return NotFound();
        }
        (SlotStart, ExpiresAt, Open) = offer;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (links.Read(Token) is not { } id)
        {
            return NotFound();
        }
        return await waitlist.AcceptOfferAsync(id, HttpContext.RequestAborted) switch
        {
            AnswerOutcome.Booked => RedirectToPage("/Waitlist/Taken"),
            AnswerOutcome.NoOffer => NotFound(),
            // Post-redirect-get: the page itself now says the time has gone.
            _ => RedirectToPage("/Waitlist/Offer", new { token = Token }),
        };
    }
}
