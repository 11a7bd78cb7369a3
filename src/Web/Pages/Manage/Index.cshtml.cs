using Allo.Scheduler.Bookings;
using Microsoft.AspNetCore.Mvc;

namespace Allo.Web.Pages.Manage;

public sealed class IndexModel(BookingService bookings) : ManagePageModel(bookings)
{
    /// <summary>What just happened, for the success banner after post-redirect-get.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public void OnGet()
    {
    }
}
