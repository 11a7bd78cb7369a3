using Allo.Domain.Slots;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manager.Staff;

/// <summary>The fields the profile partial shows.</summary>
public sealed record ProfileFields(string? Name, string? Languages, StaffSkills Skills);

/// <summary>Adds an agent or a manager; they get a one-time link by email, and the team page shows it once.</summary>
public sealed class AddModel(StaffAdministration administration, SlotCalendar calendar, IStringLocalizer text) : PageModel
{
    [BindProperty(Name = "name")] public string? Name { get; set; }
    [BindProperty(Name = "email")] public string? Email { get; set; }
    [BindProperty(Name = "role")] public string? Role { get; set; } = StaffRoles.Agent;
    [BindProperty(Name = "languages")] public string? Languages { get; set; }
    [BindProperty(Name = "skills")] public string[]? Skills { get; set; }

    public ProfileFields Profile => new(Name, Languages, new StaffInput(null, null, null, null, StaffText.SkillCodes(Skills)).ParsedSkills ?? StaffSkills.None);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await administration.AddAsync(User.StaffId(), new StaffInput(Name, Email, Role, Languages, StaffText.SkillCodes(Skills)), HttpContext.RequestAborted);
        switch (outcome)
        {
            case StaffOutcome.Done { Link: { } link }:
                TempData.KeepLinks([link], calendar, text);
                TempData["Notice"] = text["Manager.Staff.Notice.Added", Name!.Trim()].Value;
                return RedirectToPage("Index");
            case StaffOutcome.Invalid invalid:
                ModelState.AddErrors(invalid.Errors, text);
                break;
            case StaffOutcome.Refused { Problem: StaffProblem.EmailTaken }:
                ModelState.AddModelError("email", text["Manager.Staff.Error.email.Taken"]);
                break;
            case StaffOutcome.Refused refused:
                ModelState.AddModelError("name", StaffText.Problem(refused.Problem, text));
                break;
        }
        return Page();
    }
}
