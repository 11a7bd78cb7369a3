using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Staff;

/// <summary>
/// "Stay signed in" in the idle warning: a POST with the antiforgery token. The cookie is renewed on
/// the way in, as on any request a person makes (Infrastructure/IdleSignOut.cs); this only answers.
/// </summary>
[Authorize]
public sealed class KeepAliveModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Booking/Start");

    public IActionResult OnPost() => new NoContentResult();
}
