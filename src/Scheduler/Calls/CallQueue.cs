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
/// <param name="Overflow">With Calls:Routing Overflow: due calls this agent cannot serve, each while no agent who could is free.</param>
/// <param name="ForColleagues">Due calls this agent does not see, left for colleagues with the language or skill.</param>
/// <param name="SpeaksNoLanguage">The account has no languages yet (the first manager, made by create-manager), so routing offers it nothing.</param>
public sealed record QueueView(IReadOnlyList<QueueItem> Mine, IReadOnlyList<QueueItem> DueNow, IReadOnlyList<QueueItem> Next, int HeldByOthers,
    IReadOnlyList<QueueItem> Overflow, int ForColleagues, bool SpeaksNoLanguage = false);

public enum ClaimResult
{
    Claimed,
    /// <summary>Another agent got there first (or holds it); the queue page offers the next one.</summary>
    TakenByOther,
    /// <summary>Cancelled, moved or finished meanwhile.</summary>
    NotAvailable,
    NotFound,
    /// <summary>The call is in a language or needs a skill the agent lacks: taking it needs a reason. Nothing changed.</summary>
    ReasonRequired,
    /// <summary>The agent's account is deactivated (or unknown): nothing changed.</summary>
    AgentInactive,
}

/// <summary>A recorded reason for taking a call outside the routing rules, as managers read it.</summary>
public sealed record ClaimReasonView(Instant At, string AgentName, Language CallLanguage, Staff.StaffSkills NeededSkill, string Reason);

/// <summary>One callback as the agent who holds it sees it: with the number, and every try so far.</summary>
/// <param name="Need">The language and skill an agent must bring to it.</param>
/// <param name="Reasons">Why agents took it outside the routing rules (for managers' eyes).</param>
/// <param name="Serves">Whether the agent asking speaks its language and has its skill (else taking it needs a reason).</param>
public sealed record CallbackDetails(Booking Booking, IReadOnlyList<CallRecord> Records, bool Mine, bool HeldByOther, CallNeed Need, IReadOnlyList<ClaimReasonView> Reasons, bool Serves);

/// <summary>An agent's day: what they hold, and every try they recorded that day.</summary>
public sealed record AgentDay(LocalDate Date, IReadOnlyList<QueueItem> Holding, IReadOnlyList<(CallRecord Record, string Reference, Instant SlotStart)> Done);

/// <summary>
/// The agents' call queue. Callbacks enter it at slot time (the minutely <see cref="EnterDueAsync"/>
/// job); an agent claims one, and the database lets exactly one agent win (the claim columns are
/// checked in the UPDATE); the outcome they record moves the booking through its states in the
/// domain and writes what must follow (a thank-you, an offer to book again) in the same transaction.
/// Who sees and may take which call (language, skill) is in CallQueueRouting.cs.
/// </summary>
public sealed partial class CallQueue(AlloDbContext db, IClock clock, CallPolicy policy, MessagePlanner messages, IOutboxSignal signal, Domain.Slots.SlotCalendar calendar, SeatLedger? seatLedger = null, CallRouting? callRouting = null)
{
    private readonly CallRouting routing = callRouting ?? new CallRouting();

    private readonly SeatLedger ledger = seatLedger ?? new SeatLedger(db, calendar, clock);

    public const string EnterDueJobId = "call-queue";

    /// <summary>How far ahead the queue shows what is coming.</summary>
    private static readonly Duration Ahead = Duration.FromHours(3);
    private const int PageSize = 50;

    public CallPolicy Policy => policy;

    /// <summary>A callback for an agent's page; the number is the page's to hide unless <see cref="CallbackDetails.Mine"/>.</summary>
    public async Task<CallbackDetails?> DetailsAsync(Guid bookingId, string agentId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return null;
        }
        var records = await db.CallRecords.AsNoTracking().Where(r => r.BookingId == bookingId).OrderBy(r => r.At).ToListAsync(ct);
        var reasons = await db.ClaimReasons.AsNoTracking().Where(r => r.BookingId == bookingId)
            .OrderBy(r => r.At)
            .Select(r => new ClaimReasonView(r.At, db.Users.Where(u => u.Id == r.AgentId).Select(u => u.DisplayName).FirstOrDefault() ?? r.AgentId,
                r.CallLanguage, r.NeededSkill, r.Reason))
            .ToListAsync(ct);
        var agent = await db.Users.AsNoTracking().Where(u => u.Id == agentId).Select(u => new { u.Languages, u.Skills }).FirstOrDefaultAsync(ct);
        var need = CallNeed.Of(booking);
        var now = clock.GetCurrentInstant();
        return new CallbackDetails(booking, records, booking.IsClaimedBy(agentId, now), booking.IsClaimedByOther(agentId, now), need, reasons,
            agent is not null && AgentAbility.Of(agent.Languages, agent.Skills).Serves(need));
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
            await CallOver(booking, ct);
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
    /// Stages what follows a call that is over: its seats go back, and whatever still waited for it
    /// (a heads-up retrying) must never go out.
    /// </summary>
    internal async Task CallOver(Booking booking, CancellationToken ct)
    {
        await ledger.GiveBackAsync(booking, ct);
        db.OutboundMessages.RemoveRange(await db.OutboundMessages
            .Where(m => m.BookingId == booking.Id && m.Status == DeliveryStatus.Queued).ToListAsync(ct));
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
