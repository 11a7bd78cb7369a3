using Allo.Domain.Bookings;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Manager;

/// <summary>
/// GET /manager/access-log: who saw which booking's personal data, when and why, by booking reference
/// and/or staff member. It records nothing itself: it shows no citizen data beyond the reference.
/// </summary>
public sealed class AccessLogModel(AccessLog log, AccessLogSettings settings, UserManager<StaffUser> users, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "reference")] public string? ReferenceText { get; set; }
    [BindProperty(SupportsGet = true, Name = "staff")] public string? Staff { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageText { get; set; }

    /// <summary>The page asked for; anything but a page number (a link edited by hand) is the first page.</summary>
    public int PageNumber => int.TryParse(PageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
        ? Math.Clamp(page, 1, AccessLog.MaxPage) : 1;

    public int RetentionDays => settings.RetentionDays;
    public IReadOnlyList<AccessLogRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<string, string> StaffNames { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        StaffNames = await users.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, HttpContext.RequestAborted);
        string? reference = null;
        if (!string.IsNullOrWhiteSpace(ReferenceText))
        {
            if (BookingReference.TryParse(ReferenceText, out var parsed))
            {
                reference = parsed.Value;
            }
            else
            {
                ModelState.AddModelError("reference", text["Manager.AccessLog.Error.Reference"]);
            }
        }
        if (ModelState.IsValid)
        {
            // A staff member is chosen from the list; an id the list does not hold filters nothing.
            var staff = Staff is not null && StaffNames.ContainsKey(Staff) ? Staff : null;
            (Rows, Total) = await log.SearchAsync(reference, staff, PageNumber, HttpContext.RequestAborted);
        }
        return Page();
    }

    /// <summary>The current search as a query string, for the pages' links.</summary>
    public string Query(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["reference"] = ReferenceText, ["staff"] = Staff, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).Value ?? "";
}
