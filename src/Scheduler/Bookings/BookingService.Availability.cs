using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Scheduler.Bookings;

public sealed partial class BookingService
{
    /// <summary>
    /// Where a call of <paramref name="slotCount"/> slots in <paramref name="language"/> can start, for a
    /// range of local days, with the seats left: the fewest free seats among the slots it would take, in
    /// the slot and in the language, as the ledger counts them. For no language, the slot's seats alone
    /// (the demo data, the API asked without a language). A relay call is offered only where all of it
    /// lies within the relay service's hours; this is the one list of free times every front end offers.
    /// </summary>
    public async Task<IReadOnlyList<SlotAvailability>> AvailabilityAsync(
        LocalDate from, int days, Language? language, CancellationToken ct = default, int slotCount = 1, CallbackMode callback = CallbackMode.Voice)
    {
        var runs = Runs(from, days, slotCount, callback);
        if (runs.Count == 0)
        {
            return [];
        }
        var loads = await _ledger.LoadsAsync(runs.SelectMany(r => r).DistinctBy(s => s.Start).ToList(), language, ct);
        return runs
            .Select(run => new SlotAvailability(run[0], run[^1].End, run.Min(s => loads[s.Start].Free)))
            .ToList();
    }

    private List<IReadOnlyList<Slot>> Runs(LocalDate from, int days, int slotCount, CallbackMode callback) =>
        calendar.BookableRuns(clock.GetCurrentInstant(), from, days, slotCount)
            .Where(run => RelayAllows(run, callback))
            .ToList();

    /// <summary>The first time this booking's call (its length, kind and language) could be booked now, if any.</summary>
    public async Task<SlotAvailability?> FirstFreeFor(Domain.Bookings.Booking booking, CancellationToken ct = default) =>
        (await AlternativesAsync(clock.GetCurrentInstant(), booking.SlotCount, booking.Plan.Callback.Value, booking.Language, ct)).FirstOrDefault();

    /// <summary>
    /// The next free times in the language after the one asked for (then earlier ones): a language
    /// with no seat left that day offers the next day that has one.
    /// </summary>
    private async Task<IReadOnlyList<SlotAvailability>> AlternativesAsync(Instant after, int slotCount, CallbackMode callback, Language language, CancellationToken ct) =>
        (await SearchAsync(after, slotCount, callback, language, ct)).Alternatives;

    /// <summary>
    /// Before a new booking is written: null when the call can start at <paramref name="start"/> as the
    /// seats read now (the database still decides at the write), else the times to offer instead, from
    /// the same reads. One read of the day asked for when there is a seat (decision 0044).
    /// </summary>
    private async Task<IReadOnlyList<SlotAvailability>?> AlternativesUnlessFreeAsync(Instant start, int slotCount, CallbackMode callback, Language language, CancellationToken ct)
    {
        var search = await SearchAsync(start, slotCount, callback, language, ct, stopIfFree: true);
        return search.AskedIsFree ? null : search.Alternatives;
    }

    // Windows widen as they go: the rest of the day asked for (one read, usually enough), the week
    // after it, the rest of the horizon, then the days before from today. A refused attempt in a storm
    // thus reads a day's seats or a week's, not the horizon's.
    private async Task<(bool AskedIsFree, IReadOnlyList<SlotAvailability> Alternatives)> SearchAsync(
        Instant after, int slotCount, CallbackMode callback, Language language, CancellationToken ct, bool stopIfFree = false)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var day = LocalDate.Max(today, after.InZone(calendar.Zone).Date);
        var last = today.PlusDays(calendar.Hours.HorizonDays);
        var sameDay = await AvailabilityAsync(day, 1, language, ct, slotCount, callback);
        var askedIsFree = sameDay.Any(a => a.Slot.Start == after && a.SeatsLeft > 0);
        if (askedIsFree && stopIfFree)
        {
            return (true, []);
        }
        var found = sameDay.Where(a => a.SeatsLeft > 0 && a.Slot.Start > after).ToList();
        foreach (var (from, days) in new[] { (day.PlusDays(1), 7), (day.PlusDays(8), int.MaxValue) })
        {
            if (found.Count >= Alternatives || from > last)
            {
                break;
            }
            var count = Math.Min(days, Period.Between(from, last, PeriodUnits.Days).Days + 1);
            found.AddRange((await AvailabilityAsync(from, count, language, ct, slotCount, callback)).Where(a => a.SeatsLeft > 0));
        }
        // The days before, earliest first: the first open day from today (a Sunday evening's storm reads
        // Monday, not Monday's week), then a week at a time, until there are enough. A storm on the
        // horizon's last day read the whole horizon here on every refused attempt.
        var firstOpen = today;
        while (found.Count < Alternatives && firstOpen < day && Runs(firstOpen, 1, slotCount, callback).Count == 0)
        {
            firstOpen = firstOpen.PlusDays(1);
        }
        for (var (from, days) = (firstOpen, 1); found.Count < Alternatives && from <= day; (from, days) = (from.PlusDays(days), 7))
        {
            var count = Math.Min(days, Period.Between(from, day, PeriodUnits.Days).Days + 1);
            found.AddRange((await AvailabilityAsync(from, count, language, ct, slotCount, callback)).Where(a => a.SeatsLeft > 0 && a.Slot.Start < after));
        }
        return (askedIsFree, found.Take(Alternatives).ToList());
    }

    /// <summary>
    /// Whether a call of this many slots and this kind may be booked to start then, now: an opening time
    /// within notice and horizon, long enough, and for a relay call within the relay service's hours.
    /// </summary>
    public SlotProblem Check(Instant start, int slotCount, CallbackMode callback) => Check(start, clock.GetCurrentInstant(), slotCount, callback);

    private SlotProblem Check(Instant start, Instant now, int slotCount, CallbackMode callback)
    {
        var problem = calendar.Check(start, now, slotCount);
        return problem == SlotProblem.None && !RelayAllows(calendar.Run(start, slotCount)!, callback) ? SlotProblem.OutsideRelayHours : problem;
    }

    /// <summary>
    /// A relay call must lie wholly within the relay's hours and be no longer than its longest call, or
    /// the relay cuts it off. A relay booking kept after the relay settings were removed is not held to
    /// hours nobody knows any more. The one rule for every path that places a call (booking, moving,
    /// replanning, the waitlist's offers).
    /// </summary>
    public bool RelayAllows(IReadOnlyList<Slot> run, CallbackMode callback) =>
        callback != CallbackMode.RelayCall || relay is null || (relay.Hours.Hold(run) && run.Count <= Math.Max(1, relay.MaxSlots));
}
