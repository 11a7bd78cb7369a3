using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Options;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Agent;

/// <summary>
/// One callback: its details for anyone on the queue, the number only for the agent who holds it,
/// the call itself (tel: link, or Twilio ringing the agent's phone), and the outcome form.
/// </summary>
public sealed class CallbackModel(
    CallQueue queue, UserManager<StaffUser> users, IStringLocalizer text, AccessLog accessLog, ClickToCall? clickToCall = null, RelayService? relay = null) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(Name = "outcome")]
    public string? Outcome { get; set; }

    [BindProperty(Name = "note")]
    public string? Note { get; set; }

    /// <summary>"claimed", "dialling": what just happened, shown once.</summary>
    [TempData]
    public string? Notice { get; set; }

    public CallbackDetails Details { get; private set; } = null!;

    /// <summary>The agent's own number, when Twilio can ring it; null means tel: link only.</summary>
    public string? AgentPhone { get; private set; }

    public int Tries => queue.Policy.Tries;

    /// <summary>The relay service the agent dials for a relay call, when the operator configured one.</summary>
    public RelayService? Relay => Details.Booking.Plan.Callback.Value == CallbackMode.RelayCall ? relay : null;

    /// <summary>The number the agent dials: the relay service for a relay call (it then calls the citizen), else whom the call is for.</summary>
    public Domain.Bookings.PhoneNumber Dial => Relay?.Number ?? CallTarget(Details);

    public static IReadOnlyList<CallOutcome> Outcomes { get; } =
        [CallOutcome.Helped, CallOutcome.NoAnswer, CallOutcome.AnotherTime, CallOutcome.NeedsFollowUp, CallOutcome.WrongNumber];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(AccessReason.Claim) ? Page() : NotFound();

    public async Task<IActionResult> OnPostClaimAsync()
    {
        var result = await queue.ClaimAsync(Id, User.StaffId(), ct: HttpContext.RequestAborted);
        if (result == ClaimResult.NotFound)
        {
            return NotFound();
        }
        if (result is ClaimResult.ReasonRequired or ClaimResult.AgentInactive)
        {
            return result == ClaimResult.AgentInactive ? Forbid() : Redirect($"/agent/callbacks/{Id}/take");
        }
        if (result != ClaimResult.Claimed)
        {
            TempData["Notice"] = result == ClaimResult.TakenByOther ? "taken" : "gone";
            TempData["NoticeReference"] = (await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted))?.Booking.Reference;
            return Redirect("/agent");
        }
        Notice = "claimed";
        return Redirect($"/agent/callbacks/{Id}");
    }

    public async Task<IActionResult> OnPostReleaseAsync()
    {
        await queue.ReleaseAsync(Id, User.StaffId(), HttpContext.RequestAborted);
        return Redirect("/agent");
    }

    public async Task<IActionResult> OnPostDialAsync()
    {
        if (!await LoadAsync(AccessReason.Claim))
        {
            return NotFound();
        }
        if (!Details.Mine || AgentPhone is null || clickToCall is null)
        {
            ModelState.AddModelError("dial", text["Agent.Error.DialNotYours"]);
            return Page();
        }
        try
        {
            await clickToCall.ConnectAsync(AgentPhone, Dial.E164, JsonStringLocalizer.CurrentLanguage);
        }
        catch (ChannelException)
        {
            ModelState.AddModelError("dial", text["Agent.Error.DialFailed"]);
            return Page();
        }
        Notice = "dialling";
        return Redirect($"/agent/callbacks/{Id}");
    }

    public async Task<IActionResult> OnPostOutcomeAsync()
    {
        // By name only: Enum.TryParse would also take "1" or "Helped,NoAnswer", which no radio button sends.
        var chosen = Outcomes.Where(o => o.ToString() == Outcome).Select(o => (CallOutcome?)o).FirstOrDefault();
        var outcome = chosen ?? default;
        if (chosen is null)
        {
            ModelState.AddModelError("outcome", text["Agent.Error.Outcome"]);
        }
        else if (outcome == CallOutcome.NeedsFollowUp && string.IsNullOrWhiteSpace(Note))
        {
            ModelState.AddModelError("note", text["Agent.Error.FollowUpNote"]);
        }
        else if (Note?.Length > CallRecord.NoteMaxLength)
        {
            ModelState.AddModelError("note", text["Agent.Error.NoteTooLong", CallRecord.NoteMaxLength]);
        }
        else
        {
            ModelState.CheckText(Note, "note", text, multiline: true);
        }
        if (ModelState.IsValid && outcome == CallOutcome.AnotherTime)
        {
            return Redirect($"/agent/callbacks/{Id}/another-time");
        }
        if (ModelState.IsValid)
        {
            var refused = await queue.RecordOutcomeAsync(Id, User.StaffId(), outcome, Note, HttpContext.RequestAborted);
            if (refused is null)
            {
                var details = await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted);
                if (details is not null)
                {
                    await accessLog.RecordAsync(User.StaffId(), AccessReason.Outcome, Id, details.Booking.Reference, HttpContext.RequestAborted);
                }
                TempData["Notice"] = "recorded";
                TempData["NoticeReference"] = details?.Booking.Reference;
                TempData["NoticeOutcome"] = outcome.ToString();
                return Redirect("/agent");
            }
            ModelState.AddModelError("outcome", text[$"Agent.Refused.{refused}"]);
        }
        return await LoadAsync(AccessReason.Outcome) ? Page() : NotFound();
    }

    /// <summary>Who the agent calls: the named helper for a proxy call, the citizen otherwise.</summary>
    public static Domain.Bookings.PhoneNumber CallTarget(CallbackDetails details) =>
        details.Booking.Plan.Callback.Value == CallbackMode.ProxyCall && details.Booking.Needs.Proxy is { } proxy
            ? proxy.Phone
            : details.Booking.Phone;

    /// <param name="reason">Recorded in the access log when the page shows personal data (the number to its holder).</param>
    private async Task<bool> LoadAsync(AccessReason reason)
    {
        var details = await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted);
        if (details is null)
        {
            return false;
        }
        await accessLog.RecordAsync(User.StaffId(), reason, PersonalData.ShownIn(details), HttpContext.RequestAborted);
        Details = details;
        if (clickToCall is not null && details.Mine)
        {
            var me = await users.GetUserAsync(User);
            AgentPhone = string.IsNullOrWhiteSpace(me?.PhoneNumber) ? null : me.PhoneNumber;
        }
        return true;
    }
}
