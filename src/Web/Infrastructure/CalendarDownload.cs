using System.Text;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Calendar;
using Allo.Scheduler.Messaging;
using Allo.Web.Localization;

namespace Allo.Web.Infrastructure;

/// <summary>The .ics for a booking in the booking's own language, for the page link and the API alike.</summary>
public static class CalendarDownload
{
    public static IResult For(Booking booking, SlotCalendar calendar, JsonStringLocalizer text, MessagingSettings settings, string? manageUrl)
    {
        var summary = text.In(booking.Language, "Calendar.Summary");
        var description = string.Format(
            CitizenCulture.Culture(booking.Language), text.In(booking.Language, "Calendar.Description"), booking.Reference, booking.Phone.International);
        var ics = BookingCalendarFile.Build(booking, calendar.Zone, new CalendarText(summary, description, manageUrl), settings);
        return Results.File(Encoding.UTF8.GetBytes(ics), BookingCalendarFile.ContentType, $"allo-{booking.Reference}.ics");
    }
}
