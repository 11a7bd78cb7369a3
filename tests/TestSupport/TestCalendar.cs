using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using NodaTime;

namespace Allo.TestSupport;

/// <summary>The service's default opening hours in Brussels, which almost every test books against.</summary>
public static class TestCalendar
{
    public static readonly SlotCalendar Default = new(OpeningHours.Default, SlotCalendar.Brussels);
}

/// <summary>The booking service as the application composes it, on a test's context, clock and outbox signal.</summary>
public static class TestBookings
{
    public static BookingService Service(
        AlloDbContext db, IClock clock, IOutboxSignal signal, MessagingSettings? settings = null, SlotCalendar? calendar = null, Scheduler.Options.RelayService? relay = null,
        FullSlots? fullSlots = null)
    {
        calendar ??= TestCalendar.Default;
        return new BookingService(db, calendar, clock, new MessagePlanner(settings ?? new MessagingSettings(), calendar), signal, relay: relay, fullSlots: fullSlots);
    }
}
