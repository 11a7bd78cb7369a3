using Allo.Domain.Slots;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manager.Staff;

/// <summary>
/// One account: its name, languages and skills, its role, and the actions on it (deactivate or
/// reactivate, a new password link). Each form posts its own handler and comes back to the team page.
/// </summary>
public sealed class AccountModel(StaffAdministration administration, StaffSecondFactor secondFactor, SlotCalendar calendar, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(Name = "name")] public string? Name { get; set; }
    [BindProperty(Name = "languages")] public string? Languages { get; set; }
    [BindProperty(Name = "skills")] public string[]? Skills { get; set; }
    [BindProperty(Name = "role")] public string? Role { get; set; }

    public StaffMember Member { get; private set; } = null!;
    public ProfileFields Profile { get; private set; } = null!;
    public bool SecondFactorEnrolled { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await administration.FindAsync(Id, HttpContext.RequestAborted) is not { } member)
        {
            return NotFound();
        }
        Member = member;
        SecondFactorEnrolled = await secondFactor.IsEnrolledAsync(Id, HttpContext.RequestAborted);
        Profile = new ProfileFields(member.Name, member.Languages.Replace(',', ' '), member.Skills);
        Role = member.Role;
        return Page();
    }

    public Task<IActionResult> OnPostProfileAsync() => ActAsync(
        a => a.EditAsync(User.StaffId(), Id, new StaffInput(Name, null, null, Languages, StaffText.SkillCodes(Skills)), HttpContext.RequestAborted), "Updated");

    public Task<IActionResult> OnPostRoleAsync() => ActAsync(a => a.ChangeRoleAsync(User.StaffId(), Id, Role ?? "", HttpContext.RequestAborted), "RoleChanged");

    public Task<IActionResult> OnPostDeactivateAsync() => ActAsync(a => a.DeactivateAsync(User.StaffId(), Id, HttpContext.RequestAborted), "Deactivated");

    public Task<IActionResult> OnPostReactivateAsync() => ActAsync(a => a.ReactivateAsync(User.StaffId(), Id, HttpContext.RequestAborted), "Reactivated");

    public Task<IActionResult> OnPostResetAsync() => ActAsync(a => a.ResetPasswordAsync(User.StaffId(), Id, HttpContext.RequestAborted), "LinkIssued");

    /// <summary>A lost phone: the member sets up a new second factor after their password.</summary>
    public Task<IActionResult> OnPostSecondFactorAsync() => ActAsync(_ => secondFactor.ResetAsync(User.StaffId(), Id, HttpContext.RequestAborted), "SecondFactorReset");

    private async Task<IActionResult> ActAsync(Func<StaffAdministration, Task<StaffOutcome>> act, string notice)
    {
        var outcome = await act(administration);
        if (outcome is StaffOutcome.Done done)
        {
            if (done.Link is { } link)
            {
                TempData.KeepLinks([link], calendar, text);
            }
            var member = await administration.FindAsync(Id, HttpContext.RequestAborted);
            TempData["Notice"] = text[$"Manager.Staff.Notice.{notice}", member?.Name ?? ""].Value;
            return RedirectToPage("Index");
        }
        if (await administration.FindAsync(Id, HttpContext.RequestAborted) is not { } current)
        {
            return NotFound();
        }
        Member = current;
        SecondFactorEnrolled = await secondFactor.IsEnrolledAsync(Id, HttpContext.RequestAborted);
        Profile = new ProfileFields(Name ?? current.Name, Languages ?? current.Languages.Replace(',', ' '), new StaffInput(null, null, null, null, StaffText.SkillCodes(Skills)).ParsedSkills ?? current.Skills);
        Role ??= current.Role;
        switch (outcome)
        {
            case StaffOutcome.Invalid invalid:
                ModelState.AddErrors(invalid.Errors, text);
                break;
            case StaffOutcome.Refused refused:
                // The rule that refused it, at the top of the page, linked to the action's button.
                ModelState.AddModelError(notice == "RoleChanged" ? "role" : "actions", StaffText.Problem(refused.Problem, text));
                break;
        }
        return Page();
    }
}
