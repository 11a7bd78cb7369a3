using Allo.Domain.Bookings;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace Allo.Scheduler.Calendar;

/// <summary>The words in a calendar event, already in the citizen's language.</summary>
public sealed record CalendarText(string Summary, string Description, string? Url);

/// <summary>
/// The .ics file for a booking. The UID never changes for a booking and SEQUENCE follows the
/// booking's own sequence, so importing a newer file updates the event instead of adding a second;
/// a cancelled booking is sent as METHOD:CANCEL so calendar apps remove it.
/// </summary>
public static class BookingCalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Build(Booking booking, DateTimeZone zone, CalendarText text, string uidDomain)
    {
        var cancelled = booking.Status == BookingStatus.Cancelled;
        var calendar = new Ical.Net.Calendar
        {
            ProductId = "-//Allo//Phone help by appointment//EN",
            Method = cancelled ? CalendarMethods.Cancel : CalendarMethods.Publish,
        };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Id, booking.SlotStart.ToDateTimeUtc().AddYears(-1), includeHistoricalData: false));

        var calendarEvent = new CalendarEvent
        {
            Uid = $"{booking.Id}@{uidDomain}",
            Sequence = booking.Sequence,
            Summary = text.Summary,
            Description = text.Description,
            DtStart = Local(booking.SlotStart, zone),
            DtEnd = Local(booking.SlotEnd, zone),
            DtStamp = new CalDateTime(booking.UpdatedAt.ToDateTimeUtc(), "UTC"),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
        };
        if (text.Url is not null)
        {
            calendarEvent.Url = new Uri(text.Url);
        }
        if (!cancelled)
        {
            calendarEvent.Alarms.Add(new Alarm
            {
                Action = AlarmAction.Display,
                Description = text.Summary,
                Trigger = new Trigger(Ical.Net.DataTypes.Duration.FromMinutes(-30)),
            });
        }
        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalDateTime Local(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return new CalDateTime(local.ToDateTimeUnspecified(), zone.Id);
    }
}
