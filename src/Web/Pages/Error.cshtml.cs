using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages;

/// <summary>
/// Friendly pages for "not found" (including a wrong manage link), "too many tries", a request the
/// service cannot read (a form kept open too long, a crafted post) and our own
/// failures. Re-executed for GET and POST alike, so it binds the code from the route for both.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    public string TitleKey => $"Error.{Kind}.Title";

    public string TextKey => $"Error.{Kind}.Text";

    private string Kind => Code switch
    {
        400 or 413 or 415 => "BadRequest",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooMany",
        _ => "Server",
    };
}
