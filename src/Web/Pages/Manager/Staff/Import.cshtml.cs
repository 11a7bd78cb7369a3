using Allo.Domain.Slots;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manager.Staff;

/// <summary>
/// A roster from CSV: every problem is listed by row and column before anything is created, then the
/// whole file is applied at once. A request over 1 MB is never read: the page says the file is too
/// large. So that it can, the antiforgery token is checked here, after the size and before anything
/// else, rather than by the filter that would read (and fail on) the whole form first.
/// </summary>
[RequestSizeLimit(MaxRequest)]
[IgnoreAntiforgeryToken]
public sealed class ImportModel(StaffRoster roster, SlotCalendar calendar, IStringLocalizer text, IAntiforgery antiforgery) : PageModel
{
    private const int MaxRequest = 1024 * 1024;

    public IReadOnlyList<RosterProblem> Problems { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Request.ContentLength > MaxRequest)
        {
            ModelState.AddModelError("file", text["Manager.Staff.Roster.TooLarge"]);
            return Page();
        }
        IFormFile? file;
        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext);
            file = (await Request.ReadFormAsync(HttpContext.RequestAborted)).Files.GetFile("file");
        }
        catch (AntiforgeryValidationException)
        {
            return BadRequest();
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            // Sent without a length (chunked) and over the limit, or not a form at all.
            ModelState.AddModelError("file", text["Manager.Staff.Roster.TooLarge"]);
            return Page();
        }
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
