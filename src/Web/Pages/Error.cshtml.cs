using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages;

/// <summary>Friendly pages for "not found" (including a wrong manage link) and for our own failures.</summary>
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string TitleKey => Code == 404 ? "Error.NotFound.Title" : "Error.Server.Title";

    public string TextKey => Code == 404 ? "Error.NotFound.Text" : "Error.Server.Text";

    public void OnGet(int? code) => Code = code ?? 500;
}
