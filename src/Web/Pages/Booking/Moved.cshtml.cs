using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Booking;

/// <summary>After moving an existing call from the booking flow; what to show comes from TempData, once.</summary>
public sealed class MovedModel : PageModel
{
    public string? MovedTo { get; private set; }
    public string? Reference { get; private set; }

    public IActionResult OnGet()
    {
        MovedTo = TempData["MovedTo"] as string;
        Reference = TempData["Reference"] as string;
        return MovedTo is null ? RedirectToPage("/Booking/Start") : Page();
    }
}
