using Allo.Domain;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.TestSupport;

/// <summary>Capacity changes for tests, made the way a manager's are: through the seat ledger.</summary>
public static class TestCapacity
{
    public static readonly SlotCalendar DefaultCalendar = new(OpeningHours.Default, SlotCalendar.Brussels);

    /// <summary>
    /// Sets the agents on shift in the weekly plan for the weekday and hour of <paramref name="slot"/>,
    /// every one of them speaking every language: the slot's seats are the same in each language.
    /// </summary>
    public static Task SetAgentsAsync(this TestDatabase database, Instant slot, int agents, IClock clock, SlotCalendar? calendar = null) =>
        database.SetAgentsAsync(slot, agents, clock, Languages.All.ToDictionary(l => l, _ => agents), calendar);

    /// <summary>
    /// Sets the agents on shift for the weekday and hour of <paramref name="slot"/> and, for each
    /// language given, how many of them speak it (a language left out keeps its count).
    /// </summary>
    public static async Task SetAgentsAsync(this TestDatabase database, Instant slot, int agents, IClock clock, IReadOnlyDictionary<Language, int> speakers, SlotCalendar? calendar = null)
    {
        await using var db = database.NewContext();
        var local = slot.InZone(SlotCalendar.Brussels).LocalDateTime;
        await new SeatLedger(db, calendar ?? DefaultCalendar, clock).ChangeCapacityAsync(async () =>
        {
            var entry = await db.Capacity.SingleAsync(c => c.Day == local.DayOfWeek && c.Hour == local.Hour);
            entry.Agents = agents;
            var existing = await db.CapacityLanguages.Where(c => c.Day == local.DayOfWeek && c.Hour == local.Hour).ToListAsync();
            foreach (var (language, count) in speakers)
            {
                if (existing.FirstOrDefault(e => e.Language == language) is { } row)
                {
                    row.Agents = count;
                }
                else
                {
                    db.CapacityLanguages.Add(new CapacityLanguageEntry { Day = local.DayOfWeek, Hour = local.Hour, Language = language, Agents = count });
                }
            }
        });
    }
}
