using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Staff;

/// <summary>Agents and managers sign in; five wrong passwords lock the account for fifteen minutes, without saying so to anyone in particular.</summary>
[EnableRateLimiting(Infrastructure.RateLimiting.LookupPolicy)]
public sealed class SignInModel(SignInManager<StaffUser> signIn, StaffAdministration administration, IStringLocalizer text, SingleSignOnOption singleSignOn) : PageModel
{
    public SingleSignOnOption SingleSignOn => singleSignOn;

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The identity provider's sign-in came back failed or cancelled (?sso=…): said on the page, linked to its button.</summary>
    public void OnGet([FromQuery(Name = "sso")] string? problem)
    {
        if (singleSignOn.Settings is { } sso && problem is "failed" or "cancelled")
        {
            ModelState.AddModelError("sso", text[problem == "cancelled" ? "Error.SignIn.SsoCancelled" : "Error.SignIn.SsoFailed", sso.DisplayName]);
        }
    }

    /// <summary>Off to the identity provider; it comes back to /staff/sign-in/organisation (Pages/Staff/Organisation).</summary>
    public IActionResult OnPostSingleSignOn()
    {
        if (!singleSignOn.Enabled)
        {
            return NotFound();
        }
        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
        var redirect = "/staff/sign-in/organisation" + (back is null ? "" : "?returnUrl=" + Uri.EscapeDataString(back));
        return Challenge(signIn.ConfigureExternalAuthenticationProperties(Infrastructure.SingleSignOn.Scheme, redirect), Infrastructure.SingleSignOn.Scheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!singleSignOn.LocalAccounts)
        {
            // Oidc:LocalAccounts=false: the form is not shown, and a password posted anyway opens nothing.
            ModelState.AddModelError("sso", text["Error.SignIn.PasswordsOff", singleSignOn.Settings!.DisplayName]);
            return Page();
        }
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
            await administration.RecordSignInAsync(Email.Trim(), HttpContext.RequestAborted);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Staff/SignInCode", new { ReturnUrl });
        }
        // The same words for an unknown email, a wrong password and a locked account: a page that
        // said "locked" after five tries would tell anyone which emails have an account. The words
        // mention the lock, so the member of staff who locked themselves out knows to wait.
        ModelState.AddModelError("email", text["Error.SignIn.Wrong"]);
        Password = null;
        return Page();
    }
}
