using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Calendar;
using Allo.Scheduler.Messaging;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Calendar;

public sealed class BookingCalendarFileTests
{
    private static readonly SlotCalendar Slots = TestCalendar.Default;
    private static readonly CalendarText Text = new("Phone call about your tax return", "Reference K7M4QX", "https://allo.example/manage?ref=K7M4QX&token=t");
    private static readonly MessagingSettings Settings = new()
    {
        PublicBaseUrl = new Uri("https://allo.test/"),
        Smtp = new SmtpSettings("smtp.allo.test", 587, "Allo <noreply@allo.test>", null, null, true),
        ContactEmail = "help@allo.test",
    };

    private static Booking NewBooking()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        return Booking.Book(Slots, TestClock.Brussels(2026, 12, 2, 10), TestClock.Tuesday0800, phone!, Language.Nl, null, null,
            Needs.None, Scheduler.Bookings.BookingService.PlanFor(Language.Nl, phone!.Kind, false, Needs.None), BookingReference.New(), "hash");
    }

    private static Ical.Net.CalendarComponents.CalendarEvent Parse(string ics, out Ical.Net.Calendar calendar)
    {
        calendar = Ical.Net.Calendar.Load(ics)!;
        return Assert.Single(calendar.Events);
    }

    [Fact]
    public void The_event_is_in_brussels_local_time_with_its_timezone_definition()
    {
        var ics = BookingCalendarFile.Build(NewBooking(), SlotCalendar.Brussels, Text, Settings);
        Assert.Contains("DTSTART;TZID=Europe/Brussels:20261202T100000", ics);
        Assert.Contains("DTEND;TZID=Europe/Brussels:20261202T101500", ics);
        Assert.Contains("BEGIN:VTIMEZONE", ics);
        Assert.Contains("TZID:Europe/Brussels", ics);
        var e = Parse(ics, out var calendar);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(0, e.Sequence);
    }

    [Fact]
    public void A_moved_booking_keeps_its_uid_and_raises_the_sequence()
    {
        var booking = NewBooking();
        var before = Parse(BookingCalendarFile.Build(booking, SlotCalendar.Brussels, Text, Settings), out _);
        booking.MoveTo(Slots, TestClock.Brussels(2026, 12, 3, 14), TestClock.Tuesday0800);
        var after = Parse(BookingCalendarFile.Build(booking, SlotCalendar.Brussels, Text, Settings), out _);
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(1, after.Sequence);
        Assert.Equal(14, after.DtStart!.Value.Hour);
    }

    [Fact]
    public void A_cancelled_booking_is_sent_as_a_cancellation()
    {
        var booking = NewBooking();
        booking.Cancel(TestClock.Tuesday0800);
        var ics = BookingCalendarFile.Build(booking, SlotCalendar.Brussels, Text, Settings);
        var e = Parse(ics, out var calendar);
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", e.Status);
        Assert.Equal(1, e.Sequence);
    }
}

public sealed class BookingCalendarFileIdentityTests
{
    private static Booking NewBooking()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        return Booking.Book(TestCalendar.Default, TestClock.Brussels(2026, 12, 2, 10), TestClock.Tuesday0800, phone!, Language.Nl, null, null,
            Needs.None, Scheduler.Bookings.BookingService.PlanFor(Language.Nl, phone!.Kind, false, Needs.None), BookingReference.New(), "hash");
    }

    private static Ical.Net.CalendarComponents.CalendarEvent Build(Booking booking, MessagingSettings settings) =>
        Assert.Single(Ical.Net.Calendar.Load(BookingCalendarFile.Build(booking, SlotCalendar.Brussels, new CalendarText("Call", "Ref", null), settings))!.Events);

    [Fact]
    public void The_uid_is_the_booking_id_at_the_public_host_and_the_organizer_is_the_email_sender_for_publish_and_cancel()
    {
        var settings = new MessagingSettings
        {
            PublicBaseUrl = new Uri("https://allo.example.be/allo/"),
            Smtp = new SmtpSettings("smtp.example.be", 587, "Allo <noreply@allo.example.be>", null, null, true),
            ContactEmail = "help@allo.example.be",
        };
        var booking = NewBooking();
        var published = Build(booking, settings);
        Assert.Equal($"{booking.Id:D}@allo.example.be", published.Uid);
        Assert.Equal(new Uri("mailto:noreply@allo.example.be"), published.Organizer!.Value);
        Assert.Equal("Allo", published.Organizer.CommonName);

        booking.Cancel(TestClock.Tuesday0800);
        var cancelled = Build(booking, settings);
        Assert.Equal(published.Uid, cancelled.Uid);
        Assert.Equal(new Uri("mailto:noreply@allo.example.be"), cancelled.Organizer!.Value);
    }

    [Theory]
    [InlineData("help@allo.example.be", "mailto:help@allo.example.be")]
    [InlineData(null, "mailto:noreply@allo.example.be")]
    public void Without_an_email_server_the_organizer_is_the_contact_address_or_else_noreply_at_the_public_host(string? contact, string organizer)
    {
        var settings = new MessagingSettings { PublicBaseUrl = new Uri("https://allo.example.be/"), ContactEmail = contact };
        Assert.Equal(new Uri(organizer), Build(NewBooking(), settings).Organizer!.Value);
    }
}
