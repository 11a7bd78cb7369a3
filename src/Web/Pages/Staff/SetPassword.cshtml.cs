using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Staff;

/// <summary>
/// A new member of staff (or one whose password was reset) chooses a password with their one-time
/// link. The link carries ?lang=, so the page is in their language from the first request. No rate
/// limit of its own: the token has 256 bits, so guessing is hopeless, and a new colleague who mistypes
/// the password a few times must not be locked out of their own invitation.
/// </summary>
[NoStore]
public sealed class SetPasswordModel(StaffAdministration administration, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }
    [BindProperty(Name = "password")] public string? Password { get; set; }
    [BindProperty(Name = "confirm")] public string? Confirm { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public bool Done { get; set; }

    /// <summary>False when the link is unknown, used, replaced or expired: the page says so and shows no form.</summary>
    public bool LinkWorks { get; private set; }
    public string? Name { get; private set; }

    public async Task OnGetAsync()
    {
        if (Done)
        {
            return;
        }
        var owner = await administration.LinkOwnerAsync(Token, HttpContext.RequestAborted);
        LinkWorks = owner is not null;
        Name = owner?.DisplayName;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var owner = await administration.LinkOwnerAsync(Token, HttpContext.RequestAborted);
        LinkWorks = owner is not null;
        Name = owner?.DisplayName;
        if (!LinkWorks)
        {
            return Page();
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("password", text["Error.SetPassword.Missing"]);
        }
        else if (Password != Confirm)
        {
            ModelState.AddModelError("confirm", text["Error.SetPassword.Mismatch"]);
        }
        if (ModelState.IsValid)
        {
            var (problem, errors) = await administration.SetPasswordAsync(Token, Password!, HttpContext.RequestAborted);
            if (problem is null && errors.Count == 0)
            {
                return RedirectToPage(new { done = true, token = (string?)null });
            }
            LinkWorks = problem is null;
            if (errors.Count > 0)
            {
                ModelState.AddModelError("password", text["Error.SetPassword.Policy"]);
            }
        }
        Password = Confirm = null;
        return Page();
    }
}
