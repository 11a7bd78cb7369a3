using Allo.Scheduler.Bookings;
using Allo.Web.Pages.Manage;

namespace Allo.Web.Pages.Booking;

/// <summary>Shown once after booking: the reference, the time in words, what happens next, and the private link.</summary>
public sealed class ConfirmationModel(BookingService bookings) : ManagePageModel(bookings)
{
    public string ManageUrl => ManageLink.To(Url, "/Manage/Index", Booking, Token!, absolute: true);

    public void OnGet()
    {
    }
}
