using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// Books, moves and cancels callbacks. Seats are claimed through the seat ledger, in the call's
/// language, so the database, not this process, decides who gets the last seat.
/// A call that takes several slots (an interpreter, more time) claims a seat in each of them.
/// </summary>
/// <param name="relay">The relay service the operator configured (Relay:*), or none: relay calls are then never planned.</param>
public sealed partial class BookingService(
    AlloDbContext db, SlotCalendar calendar, IClock clock, MessagePlanner messages, IOutboxSignal signal, SeatLedger? ledger = null, RelayService? relay = null,
    FullSlots? fullSlots = null)
{
    private const int Alternatives = 3;

    private readonly SeatLedger _ledger = ledger ?? new SeatLedger(db, calendar, clock);
    private readonly FullSlots _fullSlots = fullSlots ?? new FullSlots(clock);
    private readonly OptOuts optOuts = new(db);

    public SlotCalendar Calendar => calendar;

    /// <summary>
    /// The contact plan the rules decide for these answers, with this installation's relay service;
    /// nothing is stored. Every front end (web, API, text, phone) plans through here.
    /// </summary>
    public ContactPlan Plan(Language language, PhoneKind phoneKind, bool hasEmail, Needs needs, IReadOnlySet<Channel>? optedOut = null) =>
        PlanFor(language, phoneKind, hasEmail, needs, optedOut, relay);

    /// <summary>The contact plan for these answers and relay service (none by default, as for test fixtures); nothing is stored.</summary>
    public static ContactPlan PlanFor(Language language, PhoneKind phoneKind, bool hasEmail, Needs needs, IReadOnlySet<Channel>? optedOut = null, RelayService? relay = null) =>
        ContactRules.Decide(new ContactProfile
        {
            Language = language, PhoneKind = phoneKind, HasEmail = hasEmail, Needs = needs, OptedOut = optedOut ?? new HashSet<Channel>(),
            RelayAvailable = relay is not null, RelayMaxSlots = relay?.MaxSlots,
        });

    /// <param name="expectedSequence">The version the caller read (the API's If-Match): a booking changed since is <see cref="BookingOutcome.Changed"/>.</param>
    public Task<BookingOutcome> MoveAsync(string? reference, string? token, string? newStartText, CancellationToken ct = default, int? expectedSequence = null) =>
        MoveAsync(() => FindAsync(reference, token, ct), newStartText, toldByText: false, ct, expectedSequence);

    public Task<BookingOutcome> MoveByPhoneAsync(string? reference, string phoneE164, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => FindByPhoneAsync(reference, phoneE164, ct), newStartText, toldByText: false, ct);

    /// <summary>A move asked for by text message from the booking's own number; the reply is the "moved" notice there.</summary>
    public Task<BookingOutcome> MoveByTextAsync(string phoneE164, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => ActiveForPhoneAsync(phoneE164, ct), newStartText, toldByText: true, ct);

    /// <summary>A move chosen on the phone menu from the booking's own number; the usual "moved" notice follows.</summary>
    public Task<BookingOutcome> MoveByCallAsync(string phoneE164, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => ActiveForPhoneAsync(phoneE164, ct), newStartText, toldByText: false, ct);

    private Task<BookingOutcome> MoveAsync(Func<Task<Booking?>> find, string? newStartText, bool toldByText, CancellationToken ct, int? expectedSequence = null) =>
        ChangeAsync(find, MessageKind.Moved, toldByText, (booking, now) =>
        {
            // Checked on every attempt: a change that won a race in between makes the caller's version stale.
            if (expectedSequence is { } expected && booking.Sequence != expected)
            {
                return Task.FromResult<BookingOutcome?>(new BookingOutcome.Changed());
            }
            var refused = CheckNewStart(booking, newStartText, now, out var newStart);
            if (refused is null)
            {
                booking.MoveTo(calendar, newStart, now);
            }
            return Task.FromResult(refused);
        }, ct);

    /// <summary>
    /// The citizen, on the phone with an agent, asks for another time: the agent who holds the call
    /// moves it, the try is recorded, and the citizen gets the usual "new time" message and reminders.
    /// </summary>
    public Task<BookingOutcome> RescheduleAsync(Guid bookingId, string agentId, string? note, string? newStartText, CancellationToken ct = default) =>
        ChangeAsync(() => db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct), MessageKind.Moved, toldByText: false, (booking, now) =>
        {
            var refused = CheckNewStart(booking, newStartText, now, out var newStart);
            if (refused is null)
            {
                db.CallRecords.Add(booking.Reschedule(calendar, newStart, agentId, note, now));
            }
            return Task.FromResult(refused);
        }, ct);

    /// <summary>Whether a call of this booking's length may start at the time asked for; null when it may.</summary>
    private BookingOutcome? CheckNewStart(Booking booking, string? newStartText, Instant now, out Instant newStart)
    {
        if (!SlotTimes.TryParse(newStartText, out newStart))
        {
            return new BookingOutcome.Invalid([new FieldError("slotStart", "Error.Slot.Missing")]);
        }
        var problem = Check(newStart, now, booking.SlotCount, booking.Plan.Callback.Value);
        return problem == SlotProblem.None ? null : SlotProblemOutcome(problem);
    }

    /// <summary>
    /// The service moves a call to the next free time (its slot lost seats in a capacity change); the
    /// citizen is told through their contact plan, as for any move.
    /// </summary>
    public async Task<BookingOutcome> MoveToNextFreeAsync(Guid bookingId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return new BookingOutcome.NotFound();
        }
        var next = (await AlternativesAsync(booking.SlotStart, booking.SlotCount, booking.Plan.Callback.Value, booking.Language, ct)).FirstOrDefault();
        if (next is null)
        {
            return new BookingOutcome.SlotFull([]);
        }
        return await MoveAsync(() => db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct), SlotTimes.Format(next.Slot.Start, calendar.Zone), toldByText: false, ct);
    }

    /// <summary>
    /// The citizen changed, on their manage page, what would help them and which messages they want:
    /// a new plan, possibly a longer or shorter call, and their choice of channels replaces what their
    /// number and address had opted out of (unticking "no text messages" lifts a STOP).
    /// </summary>
    public Task<BookingOutcome> ChangeNeedsAsync(string? reference, string? token, NeedsInput input, CancellationToken ct = default) =>
        ChangeAsync(() => FindAsync(reference, token, ct), null, toldByText: false, async (booking, now) =>
        {
            var errors = BookingFields.CheckNeeds(input, out var needs).ToList();
            if (errors.Count > 0)
            {
                return new BookingOutcome.Invalid(errors);
            }
            var optedOut = await optOuts.ReplaceAsync(booking.PhoneE164, booking.Email, input.OptedOut(), now, ct);
            return ApplyPlan(booking, needs, optedOut, now);
        }, ct);

    /// <summary>The needs a citizen answered by text message, for the active booking of that number.</summary>
    public Task<BookingOutcome> ChangeNeedsByTextAsync(string phoneE164, Needs needs, CancellationToken ct = default) =>
        ChangeAsync(() => ActiveForPhoneAsync(phoneE164, ct), null, toldByText: true,
            async (booking, now) => ApplyPlan(booking, needs, await optOuts.ForAsync(booking.PhoneE164, booking.Email, ct), now), ct);

    /// <summary>
    /// The number's opt-outs changed (STOP or START by text, a provider's refusal): its active booking
    /// gets a plan that says what will really happen now, and its waiting messages follow that plan.
    /// False when nothing changed: no such booking, its plan was already right, or its call has started.
    /// </summary>
    public async Task<bool> ReplanAsync(string phoneE164, CancellationToken ct = default)
    {
        // A notice still waiting (the confirmation of a booking made a moment ago) is written again
        // under the new plan rather than withdrawn with the old one.
        var waiting = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Status == DeliveryStatus.Queued && (m.Kind == MessageKind.Confirmation || m.Kind == MessageKind.Moved)
                && db.Bookings.Any(b => b.Id == m.BookingId && b.PhoneE164 == phoneE164 && BookingStatuses.Active.Contains(b.Status)))
            .OrderByDescending(m => m.CreatedAt)
            .Select(m => (MessageKind?)m.Kind)
            .FirstOrDefaultAsync(ct);
        return await ChangeAsync(() => ActiveForPhoneAsync(phoneE164, ct), waiting, toldByText: false, async (booking, now) =>
        {
            var optedOut = await optOuts.ForAsync(booking.PhoneE164, booking.Email, ct);
            var plan = Plan(booking.Language, booking.PhoneKind, booking.Email is not null, booking.Needs, optedOut);
            return ContactPlanJson.Write(plan) == ContactPlanJson.Write(booking.Plan)
                ? new BookingOutcome.NotFound()
                : ApplyPlan(booking, booking.Needs, optedOut, now);
        }, ct) is BookingOutcome.Done;
    }

    /// <summary>A new plan from the rules for these needs and opt-outs, and the call's new length; null when applied.</summary>
    private BookingOutcome? ApplyPlan(Booking booking, Needs needs, IReadOnlySet<Channel> optedOut, Instant now)
    {
        var plan = Plan(booking.Language, booking.PhoneKind, booking.Email is not null, needs, optedOut);
        if (!plan.Reachable)
        {
            return new BookingOutcome.Unreachable(plan.Refusal);
        }
        if (calendar.Run(booking.SlotStart, plan.Slots.Value) is not { } run)
        {
            return new BookingOutcome.Invalid([new FieldError("needs", "Error.Slot.TooShortForNeeds")]);
        }
        if (!RelayAllows(run, plan.Callback.Value))
        {
            return new BookingOutcome.Invalid([new FieldError("needs", "Error.Slot.OutsideRelayHoursForNeeds")]);
        }
        booking.ChangeNeeds(calendar, needs, plan, now);
        return null;
    }

    /// <param name="expectedSequence">The version the caller read (the API's If-Match): a booking changed since is <see cref="BookingOutcome.Changed"/>.</param>
    public Task<BookingOutcome> CancelAsync(string? reference, string? token, CancellationToken ct = default, int? expectedSequence = null) =>
        CancelAsync(() => FindAsync(reference, token, ct), toldByText: false, ct, expectedSequence);

    /// <summary>A cancel asked for by text message from the booking's own number; the reply is the notice there.</summary>
    public Task<BookingOutcome> CancelByTextAsync(string phoneE164, CancellationToken ct = default) =>
        CancelAsync(() => ActiveForPhoneAsync(phoneE164, ct), toldByText: true, ct);

    /// <summary>A cancel confirmed on the phone menu from the booking's own number; the usual notice follows.</summary>
    public Task<BookingOutcome> CancelByCallAsync(string phoneE164, CancellationToken ct = default) =>
        CancelAsync(() => ActiveForPhoneAsync(phoneE164, ct), toldByText: false, ct);

    private Task<BookingOutcome> CancelAsync(Func<Task<Booking?>> find, bool toldByText, CancellationToken ct, int? expectedSequence = null) =>
        AllOrNothingAsync(async () =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                db.ChangeTracker.Clear();
                var booking = await find();
                if (booking is null)
                {
                    return new BookingOutcome.NotFound();
                }
                if (expectedSequence is { } expected && booking.Sequence != expected)
                {
                    return new BookingOutcome.Changed();
                }
                var now = clock.GetCurrentInstant();
                try
                {
                    booking.Cancel(now);
                }
                catch (BookingRuleException e)
                {
                    return new BookingOutcome.Refused(RuleMessageKey(e.Problem));
                }
                await _ledger.GiveBackAsync(booking, ct);
                var due = await ReplaceMessagesAsync(booking, MessageKind.Cancelled, toldByText, now, ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    signal.Committed(due);
                    return new BookingOutcome.Done(booking, null);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Moved at the same moment; re-read so the cancel applies to what is there now.
                }
            }
            return new BookingOutcome.Refused("Error.Booking.Busy");
        });

    /// <summary>
    /// A change to an existing booking that may move its seats: find it (who may change it is checked
    /// first, so a stranger learns nothing), apply the change, then let the ledger hold the slots it
    /// now takes, in one transaction, retrying when another writer got there first.
    /// </summary>
    private Task<BookingOutcome> ChangeAsync(Func<Task<Booking?>> find, MessageKind? notice, bool toldByText, Func<Booking, Instant, Task<BookingOutcome?>> change, CancellationToken ct) =>
        AllOrNothingAsync(async () =>
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                db.ChangeTracker.Clear();
                var booking = await find();
                if (booking is null)
                {
                    return new BookingOutcome.NotFound();
                }
                BookingOutcome? refused;
                var now = clock.GetCurrentInstant();
                try
                {
                    refused = await change(booking, now);
                }
                catch (BookingRuleException e)
                {
                    return new BookingOutcome.Refused(RuleMessageKey(e.Problem));
                }
                catch (SlotUnavailableException e)
                {
                    return SlotProblemOutcome(e.Problem);
                }
                if (refused is not null)
                {
                    return refused;
                }
                if (!await _ledger.HoldAsync(booking, calendar.Run(booking.SlotStart, booking.SlotCount)!, ct))
                {
                    var (start, count, callback, language) = (booking.SlotStart, booking.SlotCount, booking.Plan.Callback.Value, booking.Language);
                    db.ChangeTracker.Clear();
                    return new BookingOutcome.SlotFull(await AlternativesAsync(start, count, callback, language, ct));
                }
                var due = await ReplaceMessagesAsync(booking, notice, toldByText, now, ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    signal.Committed(due);
                    return new BookingOutcome.Done(booking, null);
                }
                catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || SeatLedger.LostRace(e))
                {
                    // A seat went, or the booking changed under us: re-read and decide again.
                }
            }
            return new BookingOutcome.Refused("Error.Booking.Busy");
        });

    /// <summary>
    /// Refused means nothing changed: whatever a refused change had staged on this context (a new
    /// plan, a longer call) is dropped, so a later save by the caller (a text conversation saving its
    /// step) cannot write half of it.
    /// </summary>
    private async Task<BookingOutcome> AllOrNothingAsync(Func<Task<BookingOutcome>> attempt)
    {
        var outcome = await attempt();
        if (outcome is not BookingOutcome.Done)
        {
            db.ChangeTracker.Clear();
        }
        return outcome;
    }

    /// <summary>
    /// Withdraws what was still waiting for the old version of the booking (reminders of the old time
    /// are never sent) and writes what the new version owes, in the same transaction as the change.
    /// </summary>
    private async Task<IReadOnlyList<OutboundMessage>> ReplaceMessagesAsync(Booking booking, MessageKind? notice, bool toldByText, Instant now, CancellationToken ct)
    {
        db.OutboundMessages.RemoveRange(await db.OutboundMessages
            .Where(m => m.BookingId == booking.Id && m.Status == DeliveryStatus.Queued)
            .ToListAsync(ct));
        var due = messages.For(booking, notice, now, toldByText, await optOuts.OfAsync(booking, ct));
        db.OutboundMessages.AddRange(due);
        return due;
    }

    private static BookingOutcome SlotProblemOutcome(SlotProblem problem) =>
        new BookingOutcome.Invalid([new FieldError("slotStart", $"Error.Slot.{problem}")]);

    private static string RuleMessageKey(BookingProblem problem) => $"Error.Booking.{problem}";
}
