using Allo.Scheduler.Calls;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Agent;

/// <summary>
/// Taking a call outside one's languages or skills (docs/decisions/0017): the agent says why, and the
/// reason is recorded with the claim for managers. Without a reason the claim is refused.
/// </summary>
public sealed class TakeModel(CallQueue queue, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    public CallbackDetails Details { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var details = await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted);
        if (details is null)
        {
            return NotFound();
        }
        if (details.Mine || details.Serves || !details.Booking.IsActive)
        {
            return Redirect($"/agent/callbacks/{Id}");
        }
        Details = details;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError("reason", text["Agent.Take.Error.Missing"]);
        }
        else if (Reason.Trim().Length > ClaimReason.MaxLength)
        {
            ModelState.AddModelError("reason", text["Agent.Take.Error.TooLong", ClaimReason.MaxLength]);
        }
        else if (ModelState.CheckText(Reason, "reason", text, multiline: true))
        {
            var result = await queue.ClaimAsync(Id, User.StaffId(), Reason, HttpContext.RequestAborted);
            switch (result)
            {
                case ClaimResult.Claimed:
                    TempData["Notice"] = "claimed";
                    return Redirect($"/agent/callbacks/{Id}");
                case ClaimResult.NotFound:
                    return NotFound();
                case ClaimResult.AgentInactive:
                    return Forbid();
                case ClaimResult.TakenByOther or ClaimResult.NotAvailable:
                    TempData["Notice"] = result == ClaimResult.TakenByOther ? "taken" : "gone";
                    TempData["NoticeReference"] = (await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted))?.Booking.Reference;
                    return Redirect("/agent");
                default:
                    ModelState.AddModelError("reason", text["Agent.Take.Error.Missing"]);
                    break;
            }
        }
        var details = await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted);
        if (details is null)
        {
            return NotFound();
        }
        Details = details;
        return Page();
    }
}
