using Allo.Domain;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Scheduler.Bookings;

public sealed partial class BookingService
{
    /// <summary>
    /// Where a call of <paramref name="slotCount"/> slots in <paramref name="language"/> can start, for a
    /// range of local days, with the seats left: the fewest free seats among the slots it would take, in
    /// the slot and in the language, as the ledger counts them. For no language, the slot's seats alone
    /// (the demo data, the API asked without a language).
    /// </summary>
    public async Task<IReadOnlyList<SlotAvailability>> AvailabilityAsync(LocalDate from, int days, Language? language, CancellationToken ct = default, int slotCount = 1)
    {
        var now = clock.GetCurrentInstant();
        var runs = calendar.BookableSlots(now, from, days, slotCount).Select(start => calendar.Run(start.Start, slotCount)!).ToList();
        if (runs.Count == 0)
        {
            return [];
        }
        var loads = await _ledger.LoadsAsync(runs.SelectMany(r => r).Distinct().ToList(), language, ct);
        return runs
            .Select(run => new SlotAvailability(run[0], run[^1].End, run.Min(s => loads[s.Start].Free)))
            .ToList();
    }

    /// <summary>
    /// The next free times in the language after the one asked for (then earlier ones), looking a week
    /// at a time: a language with no seat left that day offers the next day that has one.
    /// </summary>
    private async Task<IReadOnlyList<SlotAvailability>> AlternativesAsync(Instant after, int slotCount, Language language, CancellationToken ct)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var from = LocalDate.Max(today, after.InZone(calendar.Zone).Date);
        var found = new List<SlotAvailability>();
        for (var week = from; found.Count < Alternatives && week <= today.PlusDays(calendar.Hours.HorizonDays); week = week.PlusDays(7))
        {
            found.AddRange((await AvailabilityAsync(week, 7, language, ct, slotCount)).Where(a => a.SeatsLeft > 0 && a.Slot.Start > after));
        }
        if (found.Count < Alternatives)
        {
            found.AddRange((await AvailabilityAsync(today, Period.Between(today, from, PeriodUnits.Days).Days + 1, language, ct, slotCount)).Where(a => a.SeatsLeft > 0 && a.Slot.Start < after));
        }
        return found.Take(Alternatives).ToList();
    }
}
