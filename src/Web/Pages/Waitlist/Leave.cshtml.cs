using Allo.Scheduler.Waitlist;
using Microsoft.AspNetCore.Mvc;

namespace Allo.Web.Pages.Waitlist;

/// <summary>"Leave the waitlist", asked once more; a seat held for them goes back to the next in line.</summary>
public sealed class LeaveModel(WaitlistService waitlist) : WaitlistPageModel(waitlist)
{
    public IActionResult OnGet() => Entry.InLine ? Page() : Redirect(LinkTo("/Waitlist/Index"));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Already gone (a second click, another tab): the same page, since the outcome is the same.
        await Waitlist.LeaveAsync(Id, Token, ct);
        return RedirectToPage("/Waitlist/Left");
    }
}
