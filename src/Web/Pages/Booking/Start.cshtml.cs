using Allo.Domain;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Booking;

/// <summary>The start page: what the service is, and the citizen's language (preselected from the browser).</summary>
public sealed class StartModel(IStringLocalizer text) : PageModel
{
    [BindProperty]
    public string? Language { get; set; }

    public void OnGet() => Language = JsonStringLocalizer.CurrentLanguage.Code();

    public IActionResult OnPost()
    {
        if (!Languages.TryParse(Language, out var language))
        {
            ModelState.AddModelError("language", text["Error.Language.Missing"]);
            return Page();
        }
        CitizenCulture.Remember(Response, language);
        return RedirectToPage("/Booking/When", new { lang = language.Code() });
    }
}
