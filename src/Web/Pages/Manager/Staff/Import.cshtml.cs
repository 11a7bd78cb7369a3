using Allo.Domain.Slots;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manager.Staff;

/// <summary>
/// A roster from CSV: every problem is listed by row and column before anything is created, then the
/// whole file is applied at once. Requests over 1 MB are refused by the server before the page runs;
/// the roster's own limit (256 KB) is checked while reading.
/// </summary>
[RequestSizeLimit(1024 * 1024)]
public sealed class ImportModel(StaffRoster roster, SlotCalendar calendar, IStringLocalizer text) : PageModel
{
    public IReadOnlyList<RosterProblem> Problems { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", text["Manager.Staff.Import.Error.NoFile"]);
            return Page();
        }
        if (file.Length > StaffRoster.MaxBytes)
        {
            ModelState.AddModelError("file", text["Manager.Staff.Roster.TooLarge"]);
            return Page();
        }
        await using var stream = file.OpenReadStream();
        var result = await roster.ImportAsync(User.StaffId(), stream, HttpContext.RequestAborted);
        if (result.Problems.Count > 0)
        {
            Problems = result.Problems;
            ModelState.AddModelError("file", text["Manager.Staff.Import.Error.Problems", result.Problems.Count]);
            return Page();
        }
        TempData.KeepLinks(result.Added, calendar, text);
        TempData["Notice"] = text["Manager.Staff.Notice.Imported", result.Added.Count, result.Updated, result.Unchanged].Value;
        return RedirectToPage("Index");
    }

    /// <summary>A problem code in words: a field's rule, or one of the file's.</summary>
    public string Describe(RosterProblem problem) => problem.Problem switch
    {
        var p when p.StartsWith("Duplicate:", StringComparison.Ordinal) => text["Manager.Staff.Roster.Duplicate", p["Duplicate:".Length..]],
        "Formula" or "ControlCharacters" or "Quotes" or "MissingColumn" or "TooLarge" or "TooManyRows" or "Empty" or "NoRows" or "NotUtf8" or "NotCsv" or "LastManager"
            => text[$"Manager.Staff.Roster.{problem.Problem}", StaffRoster.MaxRows],
        _ => text[$"Manager.Staff.Error.{problem.Column}.{problem.Problem}"],
    };
}
