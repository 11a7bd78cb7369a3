using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.TestSupport;

/// <summary>Capacity changes for tests, made the way a manager's are: through the seat ledger.</summary>
public static class TestCapacity
{
    public static readonly SlotCalendar DefaultCalendar = new(OpeningHours.Default, SlotCalendar.Brussels);

    /// <summary>Sets the agents on shift in the weekly plan for the weekday and hour of <paramref name="slot"/>.</summary>
    public static async Task SetAgentsAsync(this TestDatabase database, Instant slot, int agents, IClock clock, SlotCalendar? calendar = null)
    {
        await using var db = database.NewContext();
        var local = slot.InZone(SlotCalendar.Brussels).LocalDateTime;
        await new SeatLedger(db, calendar ?? DefaultCalendar, clock).ChangeCapacityAsync(async () =>
        {
            var entry = await db.Capacity.SingleAsync(c => c.Day == local.DayOfWeek && c.Hour == local.Hour);
            entry.Agents = agents;
        });
    }
}
