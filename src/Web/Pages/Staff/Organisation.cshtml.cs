using System.Security.Claims;
using Allo.Domain;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allo.Web.Pages.Staff;

/// <summary>
/// Where the identity provider's sign-in lands (after the handler checked the ID token): the identity
/// becomes a staff account (docs/decisions/0019) and the Allo cookie is set, or the person reads why not.
/// The page then continues with a same-site navigation of its own: the Allo cookie is SameSite=Strict,
/// and a browser sends none on a redirect that began at the provider's site.
/// </summary>
[EnableRateLimiting(Infrastructure.RateLimiting.LookupPolicy)]
public sealed class OrganisationModel(SignInManager<StaffUser> signIn, StaffSingleSignOn accounts, SingleSignOnOption singleSignOn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string ProviderName => singleSignOn.Settings?.DisplayName ?? "";

    /// <summary>Where "Continue" goes once signed in; null when the sign-in was refused.</summary>
    public string? Continue { get; private set; }

    public SingleSignOnProblem? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (singleSignOn.Settings is not { } settings)
        {
            return NotFound();
        }
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var identity = external.Succeeded ? SingleSignOn.IdentityFrom(external.Principal, settings) : null;
        if (identity is null)
        {
            // Opened directly, or the short-lived external cookie is gone: start again.
            return Redirect("/staff/sign-in?sso=failed");
        }
        var language = JsonStringLocalizer.CurrentLanguage.Code();
        var outcome = await accounts.SignInAsync(identity, settings.DisplayName, language, HttpContext.RequestAborted);
        if (outcome is SingleSignOnOutcome.Refused refused)
        {
            Problem = refused.Problem;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        var signedIn = (SingleSignOnOutcome.SignedIn)outcome;
        var properties = new AuthenticationProperties { IsPersistent = false };
        // The ID token is the hint the provider's end-session endpoint asks for at sign-out.
        if (external.Properties?.GetTokenValue("id_token") is { } idToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }
        await signIn.SignInWithClaimsAsync(signedIn.User, properties, [new Claim(ClaimTypes.AuthenticationMethod, SingleSignOn.Method)]);
        Continue = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : signedIn.Role == StaffRoles.Manager ? "/manager/dashboard" : "/agent";
        return Page();
    }
}
