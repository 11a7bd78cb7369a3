using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using NodaTime;

namespace Allo.Scheduler.Calendar;

/// <summary>The words in a calendar event, already in the citizen's language.</summary>
public sealed record CalendarText(string Summary, string Description, string? Url);

/// <summary>
/// The .ics file for a booking, downloaded or emailed: both are built here, so they are the same
/// event. The UID never changes for a booking and SEQUENCE follows the booking's own sequence, so
/// importing a newer file updates the event instead of adding a second; a cancelled booking is sent
/// as METHOD:CANCEL so calendar apps remove it.
/// </summary>
public static class BookingCalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>The name calendar apps show as the organizer.</summary>
    public const string OrganizerName = "Allo";

    /// <summary>
    /// One UID per booking wherever the file comes from, stable across moves: the booking's id at
    /// the host of Allo:PublicBaseUrl, never the Host header of whoever asked for the file.
    /// </summary>
    public static string Uid(Guid bookingId, MessagingSettings settings) => $"{bookingId:D}@{settings.PublicBaseUrl.Host}";

    public static string Build(Booking booking, DateTimeZone zone, CalendarText text, MessagingSettings settings)
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
            Uid = Uid(booking.Id, settings),
            Organizer = Organizer(settings),
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

    /// <summary>
    /// RFC 5546 requires an ORGANIZER in PUBLISH and CANCEL. It is the address the emails come from,
    /// so that the emailed file and its sender agree (RFC 6047); without an email server, the contact
    /// address; without either (the dev outbox), noreply at the public host, an address that only
    /// names the sender: calendar apps read tel: organizers badly, Ical.Net not at all.
    /// </summary>
    private static Organizer Organizer(MessagingSettings settings)
    {
        var email = settings.Smtp is { } smtp && MailboxAddress.TryParse(smtp.From, out var from) ? from.Address
            : settings.ContactEmail is { } contact && MailboxAddress.TryParse(contact, out var address) ? address.Address
            : $"noreply@{settings.PublicBaseUrl.Host}";
        return new Organizer { Value = new Uri("mailto:" + email), CommonName = OrganizerName };
    }

    private static CalDateTime Local(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return new CalDateTime(local.ToDateTimeUnspecified(), zone.Id);
    }
}
