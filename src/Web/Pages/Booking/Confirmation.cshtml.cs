using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Web.Pages.Manage;

namespace Allo.Web.Pages.Booking;

/// <summary>Shown once after booking: the reference, the time in words, what happens next, and the private link.</summary>
public sealed class ConfirmationModel(BookingService bookings, MessagingSettings settings) : ManagePageModel(bookings)
{
    public string ManageUrl => ManageLink.Absolute(Url, settings, "/Manage/Index", Booking, Token!);

    public void OnGet()
    {
    }
}
