using System.Security.Claims;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Staff.SecondFactor;

/// <summary>
/// Setting up the second factor: a QR code for the authenticator app, the same key as text for those
/// who type it, and one code from the app to prove it works. Then ten recovery codes, shown once.
/// Managers (and agents, when the setting says so) are sent here after their password until it is done.
/// </summary>
[Authorize]
[NoStore]
public sealed class IndexModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, StaffSecondFactor secondFactor, IStringLocalizer text) : PageModel
{
    public const string CodesKey = "RecoveryCodes";

    [BindProperty(Name = "code")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Where to go on: the page first asked for, never another site.</summary>
    public string Next => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public bool Enrolled { get; private set; }
    public string Key { get; private set; } = "";
    public string QrCode { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }
        var code = new string((Code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (code.Length == 0)
        {
            ModelState.AddModelError("code", text["Error.SecondFactor.Empty"]);
        }
        else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("code", text["Error.SecondFactor.Wrong"]);
        }
        if (!ModelState.IsValid)
        {
            return await ShowAsync(user);
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await secondFactor.RecordAsync(user.Id, StaffChangeKind.SecondFactorEnrolled, HttpContext.RequestAborted);
        // The new stamp would sign them out on the next request: sign in again, as having given a code.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        TempData[CodesKey] = string.Join(' ', codes);
        return RedirectToPage("RecoveryCodes", new { ReturnUrl = Next });
    }

    private async Task<IActionResult> ShowAsync(StaffUser user)
    {
        Enrolled = user.TwoFactorEnabled;
        if (Enrolled)
        {
            return Page();
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // The first visit makes the key; it stays the same on every visit until a code proves it.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }
        Key = Infrastructure.SecondFactor.Grouped(key);
        QrCode = Infrastructure.SecondFactor.QrCodeDataUrl(Infrastructure.SecondFactor.OtpAuthUri(user.Email!, key));
        return Page();
    }
}
