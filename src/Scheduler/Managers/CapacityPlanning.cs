using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Managers;

/// <summary>
/// A slot with more bookings than seats after a capacity change, in all or in one language (then
/// <see cref="Language"/> says which, and the seats and calls are that language's), and the calls that
/// could be moved to free it.
/// </summary>
public sealed record OverfullSlot(Slot Slot, int Seats, int Taken, IReadOnlyList<Booking> Bookings, Language? Language = null);

/// <summary>
/// Agents on shift per weekday and hour, closures and extra capacity for date ranges, and the slots a
/// change leaves with more calls than seats — never dropped silently: they are listed with their calls
/// and each can be moved to the next free time (the citizen hears of it through their contact plan).
/// </summary>
public sealed class CapacityPlanning(AlloDbContext db, SlotCalendar calendar, SeatLedger ledger, IClock clock)
{
    public const int MaxAgents = 500;

    public DateTimeZone Zone => calendar.Zone;

    public LocalDate Today => calendar.Today(clock.GetCurrentInstant());

    /// <summary>The hours the opening windows touch on each weekday, for the weekly grid.</summary>
    public IReadOnlyList<(IsoDayOfWeek Day, IReadOnlyList<int> Hours)> OpenHours() =>
        calendar.Hours.Windows
            .GroupBy(w => w.Day)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<int>)g.SelectMany(w => Enumerable.Range(w.Start.Hour, Math.Max(1, (int)Math.Ceiling((w.End - w.Start).ToDuration().TotalHours))))
                .Distinct().Order().ToList()))
            .ToList();

    public Task<CapacityTable> TableAsync(CancellationToken ct = default) => ledger.PlanAsync(ct);

    /// <summary>
    /// Saves the weekly grid of agents on shift; a value outside 0 to <see cref="MaxAgents"/> is refused
    /// and nothing is saved. The agents who speak each language stay as they were (never more than the
    /// hour's agents: <see cref="CapacityTable.WeeklySpeakers"/> cuts them).
    /// </summary>
    public async Task<bool> SaveWeekAsync(IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int> agents, CancellationToken ct = default)
    {
        if (agents.Values.Any(a => a is < 0 or > MaxAgents))
        {
            return false;
        }
        await ledger.ChangeCapacityAsync(async () =>
        {
            var existing = await db.Capacity.ToListAsync(ct);
            foreach (var ((day, hour), count) in agents)
            {
                var entry = existing.FirstOrDefault(e => e.Day == day && e.Hour == hour);
                if (entry is null)
                {
                    db.Capacity.Add(new CapacityEntry { Day = day, Hour = hour, Agents = count });
                }
                else
                {
                    entry.Agents = count;
                }
            }
        }, ct);
        return true;
    }

    /// <summary>
    /// Saves the weekly grid of agents on shift who speak <paramref name="language"/>. Null, with nothing
    /// saved, when every value is from 0 to its hour's agents on shift; otherwise the hours whose value
    /// is out of range, each with the most it may be.
    /// </summary>
    public async Task<IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int>?> SaveSpeakersAsync(
        Language language, IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int> speakers, CancellationToken ct = default)
    {
        IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int>? refused = null;
        await ledger.ChangeCapacityAsync(async () =>
        {
            // Read inside the capacity change's turn, so a total saved meanwhile is the one checked.
            var table = await ledger.PlanAsync(ct);
            var over = speakers.Where(s => s.Value < 0 || s.Value > table.WeeklyAgents(s.Key.Day, s.Key.Hour))
                .ToDictionary(s => s.Key, s => table.WeeklyAgents(s.Key.Day, s.Key.Hour));
            if (over.Count > 0)
            {
                refused = over;
                return;
            }
            var existing = await db.CapacityLanguages.Where(e => e.Language == language).ToListAsync(ct);
            foreach (var ((day, hour), count) in speakers)
            {
                var entry = existing.FirstOrDefault(e => e.Day == day && e.Hour == hour);
                if (entry is null)
                {
                    db.CapacityLanguages.Add(new CapacityLanguageEntry { Day = day, Hour = hour, Language = language, Agents = count });
                }
                else
                {
                    entry.Agents = count;
                }
            }
        }, ct);
        return refused;
    }

    public async Task<IReadOnlyList<CapacityAdjustment>> AdjustmentsAsync(CancellationToken ct = default)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        return await db.CapacityAdjustments.AsNoTracking().Where(a => a.To >= today).OrderBy(a => a.From).ToListAsync(ct);
    }

    public Task AddAsync(CapacityAdjustment adjustment, CancellationToken ct = default) =>
        ledger.ChangeCapacityAsync(() =>
        {
            db.CapacityAdjustments.Add(adjustment);
            return Task.CompletedTask;
        }, ct);

    /// <summary>Removes a closure or extra capacity; false, with nothing written, when there is no such adjustment.</summary>
    public async Task<bool> RemoveAsync(Guid id, CancellationToken ct = default)
    {
        if (!await db.CapacityAdjustments.AnyAsync(a => a.Id == id, ct))
        {
            return false;
        }
        await ledger.ChangeCapacityAsync(async () => db.CapacityAdjustments.RemoveRange(await db.CapacityAdjustments.Where(a => a.Id == id).ToListAsync(ct)), ct);
        return true;
    }

    /// <summary>
    /// Every slot from now to the booking horizon that holds more calls than it has seats, in all or in
    /// one language, as the ledger counts them.
    /// </summary>
    public async Task<IReadOnlyList<OverfullSlot>> OverfullAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var end = calendar.Today(now).PlusDays(calendar.Hours.HorizonDays + 1).AtStartOfDayInZone(calendar.Zone).ToInstant();
        var claims = await db.SeatClaims.AsNoTracking()
            .Where(c => c.SlotStart >= now && c.SlotStart < end)
            .Join(db.Bookings.AsNoTracking(), c => c.BookingId, b => b.Id, (c, b) => new { c.SlotStart, c.Language, Booking = b })
            .ToListAsync(ct);
        var slots = claims.Select(c => c.SlotStart).Distinct()
            .Select(start => calendar.SlotStartingAt(start) ?? new Slot(start, start, start.InZone(calendar.Zone).LocalDateTime))
            .ToList();
        // A time that is no longer an opening time (a closed day, changed hours) has no seats at all.
        var loads = await ledger.LoadsAsync(slots, null, ct);
        var overfull = slots
            .Where(slot => loads[slot.Start].Taken > loads[slot.Start].Seats)
            .Select(slot => new OverfullSlot(slot, loads[slot.Start].Seats, loads[slot.Start].Taken,
                [.. claims.Where(c => c.SlotStart == slot.Start).Select(c => c.Booking).OrderByDescending(b => b.CreatedAt)]))
            .ToList();
        // A slot with seats enough in all can still hold more calls in a language than agents who speak it.
        foreach (var language in claims.Select(c => c.Language).Distinct().Order())
        {
            var inLanguage = await ledger.LoadsAsync(slots, language, ct);
            overfull.AddRange(slots
                .Where(slot => overfull.All(o => o.Slot.Start != slot.Start) && inLanguage[slot.Start].LanguageTaken > inLanguage[slot.Start].LanguageSeats)
                .Select(slot => new OverfullSlot(slot, inLanguage[slot.Start].LanguageSeats, inLanguage[slot.Start].LanguageTaken,
                    [.. claims.Where(c => c.SlotStart == slot.Start && c.Language == language).Select(c => c.Booking).OrderByDescending(b => b.CreatedAt)], language)));
        }
        return [.. overfull.OrderBy(o => o.Slot.Start).ThenBy(o => o.Language)];
    }
}
