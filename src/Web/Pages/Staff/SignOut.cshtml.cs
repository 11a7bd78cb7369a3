using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Staff;

/// <summary>Signing out is a POST (with the antiforgery token), so no link can sign someone out.</summary>
public sealed class SignOutModel(SignInManager<StaffUser> signIn, SingleSignOnOption singleSignOn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Booking/Start");

    public async Task<IActionResult> OnPostAsync()
    {
        var ended = singleSignOn.Enabled && User.IsSingleSignOn() && await SingleSignOn.OffersEndSessionAsync(HttpContext);
        await signIn.SignOutAsync();
        if (ended)
        {
            // Allo's session is over already; the provider's end-session ends theirs and sends the browser back.
            return SignOut(new AuthenticationProperties { RedirectUri = "/staff/sign-in" }, SingleSignOn.Scheme);
        }
        return RedirectToPage("/Staff/SignIn");
    }
}
