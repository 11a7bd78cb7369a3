using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace Allo.Scheduler.Calendar;

/// <summary>
/// An agent's private calendar feed: the callbacks they hold, and the tries they recorded in the last
/// week. No number or name: the feed lives in calendar apps on personal phones, so it carries only the
/// reference, the time, the language and a link to the callback's page (which needs a sign-in).
/// </summary>
public static class AgentCalendarFeed
{
    /// <param name="summaryFor">The event title for a held callback.</param>
    /// <param name="doneFor">The event title for a recorded try.</param>
    public static string Build(
        IReadOnlyList<Booking> holding,
        IReadOnlyList<(CallRecord Record, Booking Booking)> done,
        DateTimeZone zone,
        Func<Booking, string> summaryFor,
        Func<CallRecord, Booking, string> doneFor,
        Func<Guid, Uri> pageFor,
        string uidDomain)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Allo//Agent calls//EN", Method = CalendarMethods.Publish };
        calendar.AddProperty("X-WR-CALNAME", "Allo");
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Id, DateTime.UtcNow.AddYears(-1), includeHistoricalData: false));
        foreach (var booking in holding)
        {
            calendar.Events.Add(Event($"{booking.Id}-held@{uidDomain}", summaryFor(booking), booking.SlotStart, booking.SlotEnd, booking.Sequence, pageFor(booking.Id), zone));
        }
        foreach (var (record, booking) in done)
        {
            calendar.Events.Add(Event($"{record.Id}@{uidDomain}", doneFor(record, booking), booking.SlotStart, booking.SlotEnd, 0, pageFor(booking.Id), zone, record.At));
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalendarEvent Event(string uid, string summary, Instant start, Instant end, int sequence, Uri page, DateTimeZone zone, Instant? at = null)
    {
        // A try is shown at the moment it was recorded when that is outside the slot (a second try, a late call).
        if (at is { } recorded && (recorded < start || recorded > end))
        {
            start = recorded;
            end = recorded + NodaTime.Duration.FromMinutes(5);
        }
        return new CalendarEvent
        {
            Uid = uid,
            Sequence = sequence,
            Summary = summary,
            DtStart = Local(start, zone),
            DtEnd = Local(end, zone),
            DtStamp = new CalDateTime(DateTime.UtcNow, "UTC"),
            Url = page,
            Transparency = TransparencyType.Opaque,
        };
    }

    private static CalDateTime Local(Instant instant, DateTimeZone zone) =>
        new(instant.InZone(zone).LocalDateTime.ToDateTimeUnspecified(), zone.Id);
}
