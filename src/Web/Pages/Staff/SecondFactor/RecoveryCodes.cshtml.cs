using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Staff.SecondFactor;

/// <summary>
/// The ten recovery codes, right after the second factor is set up: shown this once (TempData is read
/// once, and nothing else shows them again), with a way to print them. Each works once at sign-in.
/// </summary>
[Authorize]
[NoStore]
public sealed class RecoveryCodesModel : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Next => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public IActionResult OnGet()
    {
        if (TempData[IndexModel.CodesKey] is not string codes)
        {
            return RedirectToPage("Index");
        }
        Codes = codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Page();
    }
}
