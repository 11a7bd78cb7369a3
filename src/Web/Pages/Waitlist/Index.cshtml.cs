using Allo.Scheduler.Waitlist;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Allo.Web.Pages.Waitlist;

/// <summary>
/// The entry's private link: the wish, where they stand (waiting, or a time held for them, with how to
/// answer: it can be taken here too), and the way to leave the list.
/// </summary>
public sealed class IndexModel(WaitlistService waitlist) : WaitlistPageModel(waitlist)
{
    public (Instant SlotStart, Instant ExpiresAt, bool Open)? Offer { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Entry.OfferBookingId is { } held && await Waitlist.OfferAsync(held, ct) is { Open: true } offer)
        {
            Offer = offer;
        }
    }

    /// <summary>Yes to the open offer from this page; a yes too late shows the page again, which says where they stand.</summary>
    public async Task<IActionResult> OnPostTakeAsync(CancellationToken ct) =>
        await Waitlist.AcceptByLinkAsync(Id, Token, ct) is AnswerOutcome.Booked ? RedirectToPage("/Waitlist/Taken") : Redirect(LinkTo("/Waitlist/Index"));
}
