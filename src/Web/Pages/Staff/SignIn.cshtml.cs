using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Staff;

/// <summary>Agents and managers sign in; five wrong passwords lock the account for fifteen minutes.</summary>
[EnableRateLimiting(Infrastructure.RateLimiting.LookupPolicy)]
public sealed class SignInModel(SignInManager<StaffUser> signIn, IStringLocalizer text) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError("email", text["Error.SignIn.Email"]);
        }
        else
        {
            ModelState.CheckText(Email, "email", text);
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("password", text["Error.SignIn.Password"]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        // The same words for an unknown email and a wrong password, so the page reveals no accounts.
        ModelState.AddModelError("email", text[result.IsLockedOut ? "Error.SignIn.LockedOut" : "Error.SignIn.Wrong"]);
        Password = null;
        return Page();
    }
}
