using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Managers;

public enum Grouping
{
    Day,
    Week,
}

/// <summary>One day or week of the service, as a manager reads it.</summary>
public sealed record PeriodFigures(LocalDate Start, LocalDate End)
{
    /// <summary>Bookings made in the period, by where they were made.</summary>
    public Dictionary<FrontEnd, int> Bookings { get; } = Enum.GetValues<FrontEnd>().ToDictionary(f => f, _ => 0);
    public int BookingsMade => Bookings.Values.Sum();
    /// <summary>Calls whose time fell in the period and has passed (not cancelled).</summary>
    public int Calls { get; set; }
    public int ReachedFirstTry { get; set; }
    public int Reached { get; set; }
    /// <summary>Nobody answered, after every try: the no-shows.</summary>
    public int Unreached { get; set; }
    public int WrongNumber { get; set; }
    /// <summary>Still waiting in the queue, or never given an outcome.</summary>
    public int Open { get; set; }
    public int Cancelled { get; set; }
    public int Ratings { get; set; }
    public double? AverageRating { get; set; }
    /// <summary>Bookings made in the period per need ("None" for none); a booking can count for several.</summary>
    public Dictionary<string, int> Needs { get; } = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, _ => 0);
    public Dictionary<Language, int> Languages { get; } = Domain.Languages.All.ToDictionary(l => l, _ => 0);
    /// <summary>Calls in each call language whose time falls in the period (not cancelled): the demand.</summary>
    public Dictionary<Language, int> CallsByLanguage { get; } = Domain.Languages.All.ToDictionary(l => l, _ => 0);
    /// <summary>
    /// Seats in each language over the period's slots: the agents on shift who speak it, slot by slot,
    /// as the seat ledger wrote them (docs/decisions/0016-seats-per-language.md).
    /// </summary>
    public Dictionary<Language, int> SeatsByLanguage { get; } = Domain.Languages.All.ToDictionary(l => l, _ => 0);
    public Dictionary<Channel, (int Sent, int Failed)> Messages { get; } = Enum.GetValues<Channel>().ToDictionary(c => c, _ => (0, 0));
    /// <summary>Calls of the period that never reached the citizen (unreached or wrong number), per need.</summary>
    public Dictionary<string, int> NotReachedByNeed { get; } = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, _ => 0);
    /// <summary>Calls of the period per need, the denominator of <see cref="NotReachedByNeed"/>.</summary>
    public Dictionary<string, int> CallsByNeed { get; } = NeedNames.All.Append(NeedNames.None).ToDictionary(n => n, _ => 0);
}

/// <summary>
/// The figures of the inclusion dashboard. Bookings count on the day they were made; calls, outcomes
/// and failures on the day of the call; feedback on the day it came; messages on the day of their last
/// status. Everything is read from the app's own tables, so erased personal data changes no figure.
/// </summary>
public sealed class Dashboard(AlloDbContext db, SlotCalendar calendar, IClock clock)
{
    public const int MaxDays = 371;

    public async Task<IReadOnlyList<PeriodFigures>> FiguresAsync(LocalDate from, LocalDate to, Grouping grouping, CancellationToken ct = default)
    {
        if (to < from || Period.Between(from, to, PeriodUnits.Days).Days >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"A range of 1 to {MaxDays} days.");
        }
        if (grouping == Grouping.Week)
        {
            // Whole weeks, Monday to Sunday.
            from = from.PlusDays(1 - (int)from.DayOfWeek);
            to = to.PlusDays(7 - (int)to.DayOfWeek);
        }
        var periods = new List<PeriodFigures>();
        for (var start = from; start <= to; start = start.PlusDays(grouping == Grouping.Day ? 1 : 7))
        {
            periods.Add(new PeriodFigures(start, grouping == Grouping.Day ? start : start.PlusDays(6)));
        }
        var step = grouping == Grouping.Day ? 1 : 7;
        // Periods are back to back from `from`, so a row's period is found by arithmetic, not by a search.
        PeriodFigures? PeriodOf(Instant instant)
        {
            var index = Period.Between(from, instant.InZone(calendar.Zone).Date, PeriodUnits.Days).Days / step;
            return index >= 0 && index < periods.Count ? periods[index] : null;
        }

        var start0 = from.AtStartOfDayInZone(calendar.Zone).ToInstant();
        var end0 = to.PlusDays(1).AtStartOfDayInZone(calendar.Zone).ToInstant();
        var now = clock.GetCurrentInstant();

        var made = await db.Bookings.AsNoTracking()
            .Where(b => b.CreatedAt >= start0 && b.CreatedAt < end0)
            .Select(b => new { b.CreatedAt, b.FrontEnd, b.Language, b.Needs })
            .ToListAsync(ct);
        foreach (var b in made)
        {
            var p = PeriodOf(b.CreatedAt)!;
            p.Bookings[b.FrontEnd]++;
            p.Languages[b.Language]++;
            foreach (var need in NeedNames.Of(b.Needs))
            {
                p.Needs[need]++;
            }
        }

        var calls = await db.Bookings.AsNoTracking()
            .Where(b => b.SlotStart >= start0 && b.SlotStart < end0 && b.SlotStart <= now && b.Status != BookingStatus.Cancelled)
            .Select(b => new { b.SlotStart, b.Status, b.CallAttempts, b.Needs })
            .ToListAsync(ct);
        foreach (var c in calls)
        {
            var p = PeriodOf(c.SlotStart)!;
            p.Calls++;
            var reached = c.Status is BookingStatus.Helped or BookingStatus.NeedsFollowUp;
            var failed = c.Status is BookingStatus.Unreached or BookingStatus.WrongNumber;
            p.Reached += reached ? 1 : 0;
            p.ReachedFirstTry += reached && c.CallAttempts == 1 ? 1 : 0;
            p.Unreached += c.Status == BookingStatus.Unreached ? 1 : 0;
            p.WrongNumber += c.Status == BookingStatus.WrongNumber ? 1 : 0;
            p.Open += c.Status.IsActive() ? 1 : 0;
            foreach (var need in NeedNames.Of(c.Needs))
            {
                p.CallsByNeed[need]++;
                p.NotReachedByNeed[need] += failed ? 1 : 0;
            }
        }

        var demand = await db.Bookings.AsNoTracking()
            .Where(b => b.SlotStart >= start0 && b.SlotStart < end0 && b.Status != BookingStatus.Cancelled)
            .Select(b => new { b.SlotStart, b.Language })
            .ToListAsync(ct);
        foreach (var d in demand)
        {
            PeriodOf(d.SlotStart)!.CallsByLanguage[d.Language]++;
        }
        var seats = await db.SlotLanguageSeats.AsNoTracking()
            .Where(s => s.SlotStart >= start0 && s.SlotStart < end0 && s.Seats > 0)
            .Select(s => new { s.SlotStart, s.Language, s.Seats })
            .ToListAsync(ct);
        foreach (var s in seats)
        {
            PeriodOf(s.SlotStart)!.SeatsByLanguage[s.Language] += s.Seats;
        }

        var cancelled = await db.Bookings.AsNoTracking()
            .Where(b => b.CancelledAt >= start0 && b.CancelledAt < end0)
            .Select(b => b.CancelledAt!.Value)
            .ToListAsync(ct);
        foreach (var at in cancelled)
        {
            PeriodOf(at)!.Cancelled++;
        }

        var ratings = await db.Feedback.AsNoTracking()
            .Where(f => f.ReceivedAt >= start0 && f.ReceivedAt < end0 && f.Rating != null)
            .Select(f => new { f.ReceivedAt, f.Rating })
            .ToListAsync(ct);
        foreach (var group in ratings.GroupBy(r => PeriodOf(r.ReceivedAt)!))
        {
            group.Key.Ratings = group.Count();
            group.Key.AverageRating = group.Average(r => r.Rating!.Value);
        }

        DeliveryStatus[] outcomes = [DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Failed, DeliveryStatus.Undeliverable];
        var messages = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.StatusAt >= start0 && m.StatusAt < end0 && outcomes.Contains(m.Status))
            .Select(m => new { At = m.StatusAt!.Value, m.Channel, m.Status })
            .ToListAsync(ct);
        foreach (var m in messages)
        {
            var p = PeriodOf(m.At)!;
            var (sent, failed) = p.Messages[m.Channel];
            p.Messages[m.Channel] = m.Status is DeliveryStatus.Failed or DeliveryStatus.Undeliverable ? (sent, failed + 1) : (sent + 1, failed);
        }
        return periods;
    }
}
