using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Staff;

/// <summary>
/// The second step of signing in, after a right password: the six-digit code of the authenticator app,
/// or one of the recovery codes (each works once, and its use is recorded). Wrong codes count towards
/// the same lock as wrong passwords.
/// </summary>
[EnableRateLimiting(Infrastructure.RateLimiting.LookupPolicy)]
public sealed class SignInCodeModel(SignInManager<StaffUser> signIn, StaffAdministration administration, StaffSecondFactor secondFactor, IStringLocalizer text) : PageModel
{
    [BindProperty(Name = "code")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Staff/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            // The password step is older than its five minutes, or never happened.
            return RedirectToPage("/Staff/SignIn");
        }
        var code = new string((Code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        if (code.Length == 0)
        {
            ModelState.AddModelError("code", text["Error.SignInCode.Empty"]);
            return Page();
        }
        var recovery = code.Length != 6;
        var result = recovery
            // Identity writes recovery codes as XXXXX-XXXXX; people may leave out the dash.
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code.Length == 10 ? code[..5] + "-" + code[5..] : code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            if (recovery)
            {
                await secondFactor.RecordAsync(user.Id, StaffChangeKind.RecoveryCodeUsed, HttpContext.RequestAborted);
            }
            await administration.RecordSignInAsync(user.Email!, HttpContext.RequestAborted);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        // As on the password step: the same words for a wrong code and a locked account.
        ModelState.AddModelError("code", text["Error.SignInCode.Wrong"]);
        Code = null;
        return Page();
    }
}
