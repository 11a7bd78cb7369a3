using Allo.Scheduler.Calls;
using Allo.Scheduler.Privacy;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Agent;

/// <summary>The call queue: what the agent holds, what is due now, what comes next. Claiming is one click.</summary>
public sealed class IndexModel(CallQueue queue, AccessLog accessLog) : PageModel
{
    public QueueView View { get; private set; } = null!;

    /// <summary>Why the agent landed here: "recorded" (an outcome), "taken" (a colleague was first) or "gone".</summary>
    [TempData]
    public string? Notice { get; set; }

    [TempData]
    public string? NoticeReference { get; set; }

    /// <summary>With "recorded": the outcome just recorded.</summary>
    [TempData]
    public string? NoticeOutcome { get; set; }

    public async Task OnGetAsync()
    {
        View = await queue.ViewAsync(User.StaffId(), HttpContext.RequestAborted);
        await accessLog.RecordAsync(User.StaffId(), AccessReason.Claim, PersonalData.ShownIn(View.Mine, View.DueNow, View.Next), HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostClaimAsync(Guid id)
    {
        var result = await queue.ClaimAsync(id, User.StaffId(), ct: HttpContext.RequestAborted);
        if (result == ClaimResult.ReasonRequired)
        {
            // Not their language or skill: they say why on the next page, or go back.
            return Redirect($"/agent/callbacks/{id}/take");
        }
        if (result == ClaimResult.AgentInactive)
        {
            return Forbid();
        }
        if (result == ClaimResult.Claimed)
        {
            // Read by the callback page, which shares the key.
            Notice = "claimed";
            return Redirect($"/agent/callbacks/{id}");
        }
        if (result == ClaimResult.NotFound)
        {
            return NotFound();
        }
        var details = await queue.DetailsAsync(id, User.StaffId(), HttpContext.RequestAborted);
        Notice = result == ClaimResult.TakenByOther ? "taken" : "gone";
        NoticeReference = details?.Booking.Reference;
        return RedirectToPage();
    }
}
