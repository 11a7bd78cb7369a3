using Allo.Scheduler.Bookings;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Calls;

/// <summary>One callback as the queue shows it: never the citizen's number or name.</summary>
public sealed record QueueItem(
    Guid Id,
    string Reference,
    Instant SlotStart,
    Instant SlotEnd,
    BookingStatus Status,
    Language Language,
    CallbackMode Callback,
    string? InterpreterLanguage,
    IReadOnlyList<Hint> Hints,
    int Attempts,
    Instant? WaitingSince,
    Instant? NextTryAt,
    Instant? ClaimExpiresAt)
{
    public static QueueItem From(Booking b) => new(
        b.Id, b.Reference, b.SlotStart, b.SlotEnd, b.Status, b.Plan.Language.Value, b.Plan.Callback.Value,
        b.Plan.InterpreterLanguage, [.. b.Plan.Hints.Select(h => h.Value)], b.CallAttempts, b.QueuedAt, b.NextTryAt, b.ClaimExpiresAt);
}

/// <param name="Mine">Callbacks this agent holds now.</param>
/// <param name="DueNow">In the queue and due: slot order, then the longest wait first.</param>
/// <param name="Next">Coming up: later slots today, and second tries waiting for their time.</param>
/// <param name="HeldByOthers">How many callbacks colleagues hold right now.</param>
public sealed record QueueView(IReadOnlyList<QueueItem> Mine, IReadOnlyList<QueueItem> DueNow, IReadOnlyList<QueueItem> Next, int HeldByOthers);

public enum ClaimResult
{
    Claimed,
    /// <summary>Another agent got there first (or holds it); the queue page offers the next one.</summary>
    TakenByOther,
    /// <summary>Cancelled, moved or finished meanwhile.</summary>
    NotAvailable,
    NotFound,
}

/// <summary>One callback as the agent who holds it sees it: with the number, and every try so far.</summary>
public sealed record CallbackDetails(Booking Booking, IReadOnlyList<CallRecord> Records, bool Mine, bool HeldByOther);

/// <summary>An agent's day: what they hold, and every try they recorded that day.</summary>
public sealed record AgentDay(LocalDate Date, IReadOnlyList<QueueItem> Holding, IReadOnlyList<(CallRecord Record, string Reference, Instant SlotStart)> Done);

/// <summary>
/// The agents' call queue. Callbacks enter it at slot time (the minutely <see cref="EnterDueAsync"/>
/// job); an agent claims one, and the database lets exactly one agent win (the claim columns are
/// checked in the UPDATE); the outcome they record moves the booking through its states in the
/// domain and writes what must follow (a thank-you, an offer to book again) in the same transaction.
/// </summary>
public sealed class CallQueue(AlloDbContext db, IClock clock, CallPolicy policy, MessagePlanner messages, IOutboxSignal signal, Domain.Slots.SlotCalendar calendar, SeatLedger? seatLedger = null)
{
    private readonly SeatLedger ledger = seatLedger ?? new SeatLedger(db, calendar, clock);

    public const string EnterDueJobId = "call-queue";

    /// <summary>How far ahead the queue shows what is coming.</summary>
    private static readonly Duration Ahead = Duration.FromHours(3);
    private const int PageSize = 50;

    public CallPolicy Policy => policy;

    public async Task<QueueView> ViewAsync(string agentId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var horizon = now + Ahead;
        var mine = await db.Bookings.AsNoTracking()
            .Where(b => BookingStatuses.Active.Contains(b.Status) && b.ClaimedBy == agentId && b.ClaimExpiresAt > now)
            .OrderBy(b => b.SlotStart)
            .Take(PageSize)
            .ToListAsync(ct);
        // Booking.IsDue as a query: in the queue, and a second try's time has come.
        var dueNow = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Queued && b.NextTryAt <= now && (b.ClaimedBy == null || b.ClaimExpiresAt <= now))
            .OrderBy(b => b.SlotStart).ThenBy(b => b.QueuedAt)
            .Take(PageSize)
            .ToListAsync(ct);
        var next = await db.Bookings.AsNoTracking()
            .Where(b => ((b.Status == BookingStatus.Booked && b.SlotStart <= horizon) || (b.Status == BookingStatus.Queued && b.NextTryAt > now))
                && (b.ClaimedBy == null || b.ClaimExpiresAt <= now))
            .OrderBy(b => b.NextTryAt ?? b.SlotStart)
            .Take(PageSize)
            .ToListAsync(ct);
        var others = await db.Bookings.CountAsync(
            b => BookingStatuses.Active.Contains(b.Status) && b.ClaimedBy != null && b.ClaimedBy != agentId && b.ClaimExpiresAt > now, ct);
        return new QueueView([.. mine.Select(QueueItem.From)], [.. dueNow.Select(QueueItem.From)], [.. next.Select(QueueItem.From)], others);
    }

    public async Task<ClaimResult> ClaimAsync(Guid bookingId, string agentId, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return ClaimResult.NotFound;
        }
        try
        {
            booking.Claim(agentId, clock.GetCurrentInstant(), policy);
        }
        catch (BookingRuleException e)
        {
            return e.Problem == BookingProblem.ClaimedByOther ? ClaimResult.TakenByOther : ClaimResult.NotAvailable;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return ClaimResult.Claimed;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed the row between our read and our write: most often another agent's claim.
            db.ChangeTracker.Clear();
            var now = clock.GetCurrentInstant();
            var current = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
            return current is not null && current.IsClaimedByOther(agentId, now) ? ClaimResult.TakenByOther : ClaimResult.NotAvailable;
        }
    }

    /// <summary>The agent gives a callback back; false when they did not hold it.</summary>
    public async Task<bool> ReleaseAsync(Guid bookingId, string agentId, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null || booking.ClaimedBy != agentId)
        {
            return false;
        }
        booking.Release(agentId);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// A deactivated agent's calls go back to the queue at once, not when their claims expire. Guarded:
    /// an active agent's claims are theirs, so this does nothing for them. Returns how many went back.
    /// </summary>
    public async Task<int> ReturnClaimsOfDeactivatedAsync(string agentId, CancellationToken ct = default)
    {
        for (var round = 0; round < 5; round++)
        {
            db.ChangeTracker.Clear();
            if (!await db.Users.AnyAsync(u => u.Id == agentId && u.DeactivatedAt != null, ct))
            {
                return 0;
            }
            var held = await db.Bookings.Where(b => b.ClaimedBy == agentId).ToListAsync(ct);
            if (held.Count == 0)
            {
                return 0;
            }
            foreach (var booking in held)
            {
                booking.Release(agentId);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return held.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // One changed meanwhile (its outcome recorded, or the slot moved): read them again.
            }
        }
        return 0;
    }

    /// <summary>A callback for an agent's page; the number is the page's to hide unless <see cref="CallbackDetails.Mine"/>.</summary>
    public async Task<CallbackDetails?> DetailsAsync(Guid bookingId, string agentId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return null;
        }
        var records = await db.CallRecords.AsNoTracking().Where(r => r.BookingId == bookingId).OrderBy(r => r.At).ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        return new CallbackDetails(booking, records, booking.IsClaimedBy(agentId, now), booking.IsClaimedByOther(agentId, now));
    }

    /// <summary>
    /// Records how a try went (everything but another time, which is
    /// <see cref="Bookings.BookingService.RescheduleAsync"/>), with what must follow, in one transaction.
    /// Null when recorded; otherwise why it was refused.
    /// </summary>
    public async Task<BookingProblem?> RecordOutcomeAsync(Guid bookingId, string agentId, CallOutcome outcome, string? note, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return BookingProblem.NotActive;
        }
        var now = clock.GetCurrentInstant();
        CallRecord record;
        try
        {
            record = booking.RecordOutcome(outcome, agentId, note, now, policy);
        }
        catch (BookingRuleException e)
        {
            return e.Problem;
        }
        db.CallRecords.Add(record);
        IReadOnlyList<OutboundMessage> due = [];
        var follow = booking.Status switch
        {
            BookingStatus.Helped => MessageKind.ThankYou,
            BookingStatus.Unreached or BookingStatus.WrongNumber => MessageKind.BookAgain,
            _ => (MessageKind?)null,
        };
        if (!booking.IsActive)
        {
            // The call is over: its seats go back, and whatever still waited for it (a heads-up
            // retrying) must never go out.
            await ledger.GiveBackAsync(booking, ct);
            db.OutboundMessages.RemoveRange(await db.OutboundMessages
                .Where(m => m.BookingId == booking.Id && m.Status == DeliveryStatus.Queued).ToListAsync(ct));
        }
        if (follow is { } kind)
        {
            due = messages.AfterCall(booking, kind, now, await new OptOuts(db).OfAsync(booking, ct));
            db.OutboundMessages.AddRange(due);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed meanwhile (the claim expired and a colleague took it): the outcome is not ours to record.
            return BookingProblem.NotClaimed;
        }
        signal.Committed(due);
        return null;
    }

    /// <summary>
    /// Minutely: every booked call whose slot has started enters the queue. A booking changed at the
    /// same moment is simply seen again on the next run.
    /// </summary>
    [Hangfire.AutomaticRetry(Attempts = 0)]
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task<int> EnterDueAsync(CancellationToken ct = default)
    {
        var entered = 0;
        while (true)
        {
            var now = clock.GetCurrentInstant();
            db.ChangeTracker.Clear();
            var batch = await db.Bookings
                .Where(b => b.Status == BookingStatus.Booked && b.SlotStart <= now)
                .OrderBy(b => b.SlotStart)
                .Take(200)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return entered;
            }
            foreach (var booking in batch)
            {
                booking.EnterQueue(now);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                entered += batch.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // One of them changed under us; enter them one by one so the others are not held up.
                db.ChangeTracker.Clear();
                foreach (var id in batch.Select(b => b.Id))
                {
                    entered += await EnterOneAsync(id, ct);
                }
            }
        }
    }

    private async Task<int> EnterOneAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == id, ct);
        var now = clock.GetCurrentInstant();
        if (booking is not { Status: BookingStatus.Booked } || booking.SlotStart > now)
        {
            return 0;
        }
        booking.EnterQueue(now);
        try
        {
            await db.SaveChangesAsync(ct);
            return 1;
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0;
        }
    }

    /// <summary>What an agent holds on a day, and what they recorded that day.</summary>
    public async Task<AgentDay> DayAsync(string agentId, LocalDate date, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var start = date.AtStartOfDayInZone(calendar.Zone).ToInstant();
        var end = date.PlusDays(1).AtStartOfDayInZone(calendar.Zone).ToInstant();
        var holding = await db.Bookings.AsNoTracking()
            .Where(b => BookingStatuses.Active.Contains(b.Status) && b.ClaimedBy == agentId && b.ClaimExpiresAt > now
                && b.SlotStart >= start && b.SlotStart < end)
            .OrderBy(b => b.SlotStart)
            .ToListAsync(ct);
        var done = await db.CallRecords.AsNoTracking()
            .Where(r => r.AgentId == agentId && r.At >= start && r.At < end)
            .Join(db.Bookings, r => r.BookingId, b => b.Id, (r, b) => new { Record = r, b.Reference, b.SlotStart })
            .OrderBy(x => x.Record.At)
            .ToListAsync(ct);
        return new AgentDay(date, [.. holding.Select(QueueItem.From)], [.. done.Select(x => (x.Record, x.Reference, x.SlotStart))]);
    }

    /// <summary>For the agent's calendar feed: what they hold now, and what they handled in the last week.</summary>
    public async Task<(IReadOnlyList<Booking> Holding, IReadOnlyList<(CallRecord Record, Booking Booking)> Done)> FeedAsync(string agentId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var since = now - Duration.FromDays(7);
        var holding = await db.Bookings.AsNoTracking()
            .Where(b => BookingStatuses.Active.Contains(b.Status) && b.ClaimedBy == agentId && b.ClaimExpiresAt > now)
            .OrderBy(b => b.SlotStart)
            .Take(200)
            .ToListAsync(ct);
        var done = await db.CallRecords.AsNoTracking()
            .Where(r => r.AgentId == agentId && r.At >= since)
            .Join(db.Bookings, r => r.BookingId, b => b.Id, (r, b) => new { Record = r, Booking = b })
            .OrderBy(x => x.Record.At)
            .Take(500)
            .ToListAsync(ct);
        return (holding, [.. done.Select(x => (x.Record, x.Booking))]);
    }
}
