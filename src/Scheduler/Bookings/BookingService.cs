using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// Books, moves and cancels callbacks. Seats are claimed as rows whose primary key is
/// (slot, seat number), so the database, not this process, decides who gets the last seat.
/// A call that takes several slots (an interpreter, more time) claims a seat in each of them.
/// </summary>
public sealed class BookingService(AlloDbContext db, SlotCalendar calendar, IClock clock, MessagePlanner messages, IOutboxSignal signal)
{
    private const int Alternatives = 3;

    public SlotCalendar Calendar => calendar;

    /// <summary>The contact plan the rules decide for these answers; nothing is stored.</summary>
    public static ContactPlan PlanFor(Language language, PhoneKind phoneKind, bool hasEmail, Needs needs) =>
        ContactRules.Decide(new ContactProfile { Language = language, PhoneKind = phoneKind, HasEmail = hasEmail, Needs = needs });

    /// <summary>
    /// Where a call of <paramref name="slotCount"/> slots can start, for a range of local days, with
    /// the seats left: the fewest free seats among the slots it would take.
    /// </summary>
    public async Task<IReadOnlyList<SlotAvailability>> AvailabilityAsync(LocalDate from, int days, CancellationToken ct = default, int slotCount = 1)
    {
        var now = clock.GetCurrentInstant();
        var starts = calendar.BookableSlots(now, from, days, slotCount).ToList();
        if (starts.Count == 0)
        {
            return [];
        }
        var capacity = await CapacityAsync(ct);
        var first = starts[0].Start;
        var last = starts[^1].End + Duration.FromHours(2);
        var taken = await db.SeatClaims.AsNoTracking()
            .Where(c => c.SlotStart >= first && c.SlotStart <= last)
            .GroupBy(c => c.SlotStart)
            .Select(g => new { Start = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Start, x => x.Count, ct);
        return starts
            .Select(start =>
            {
                var run = calendar.Run(start.Start, slotCount)!;
                var left = run.Min(s => capacity.SeatsFor(s) - taken.GetValueOrDefault(s.Start));
                return new SlotAvailability(start, run[^1].End, Math.Max(0, left));
            })
            .ToList();
    }

    public Task<BookingOutcome> BookAsync(BookingInput input, CancellationToken ct = default) => BookAsync(input, FrontEnd.Web, ct);

    public async Task<BookingOutcome> BookAsync(BookingInput input, FrontEnd frontEnd, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (!SlotTimes.TryParse(input.SlotStart, out var slotStart))
        {
            errors.Add(new FieldError("slotStart", "Error.Slot.Missing"));
        }
        errors.AddRange(BookingFields.CheckLanguage(input.Language, out var language));
        errors.AddRange(BookingFields.CheckPhone(input.Phone, out var phone));
        errors.AddRange(BookingFields.CheckName(input.Name));
        errors.AddRange(BookingFields.CheckEmail(input.Email));
        errors.AddRange(BookingFields.CheckNeeds(input.Needs, out var needs));
        if (errors.Count > 0)
        {
            return new BookingOutcome.Invalid(errors);
        }
        return await BookAsync(slotStart, phone!, language, input.Name, input.Email, needs, frontEnd, ct);
    }

    /// <param name="frontEnd">Where the citizen booked; a booking by text message got its confirmation as the reply.</param>
    public async Task<BookingOutcome> BookAsync(
        Instant slotStart, PhoneNumber phone, Language language, string? name, string? email, Needs needs,
        FrontEnd frontEnd = FrontEnd.Web, CancellationToken ct = default)
    {
        var plan = PlanFor(language, phone.Kind, !string.IsNullOrWhiteSpace(email), needs);
        if (!plan.Reachable)
        {
            return new BookingOutcome.Unreachable(plan.Refusal);
        }
        var now = clock.GetCurrentInstant();
        var problem = calendar.Check(slotStart, now, plan.Slots.Value);
        if (problem != SlotProblem.None)
        {
            return SlotProblemOutcome(problem);
        }
        var run = calendar.Run(slotStart, plan.Slots.Value)!;

        // Each attempt re-reads which seats are taken; a unique violation means someone else
        // took a seat (or the phone's one active booking) between the read and the write.
        for (var attempt = 0; attempt <= CapacityTable.DefaultSeats + 4; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Bookings.AnyAsync(b => b.PhoneE164 == phone.E164 && BookingStatuses.Active.Contains(b.Status), ct))
            {
                return new BookingOutcome.PhoneAlreadyBooked();
            }
            var seats = await FreeSeatsAsync(run, ct);
            if (seats is null)
            {
                return new BookingOutcome.SlotFull(await AlternativesAsync(slotStart, plan.Slots.Value, ct));
            }
            var token = ManageToken.New();
            var booking = Booking.Book(
                calendar, slotStart, now, phone, language, name, email, needs, plan, BookingReference.New(), ManageToken.Hash(token), frontEnd);
            db.Bookings.Add(booking);
            db.SeatClaims.AddRange(Claims(booking, run, seats));
            var due = messages.For(booking, MessageKind.Confirmation, now, toldByText: frontEnd == FrontEnd.Sms);
            db.OutboundMessages.AddRange(due);
            try
            {
                await db.SaveChangesAsync(ct);
                signal.Committed(due);
                return new BookingOutcome.Done(booking, token);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Lost a race; look again.
            }
        }
        db.ChangeTracker.Clear();
        return new BookingOutcome.SlotFull(await AlternativesAsync(slotStart, plan.Slots.Value, ct));
    }

    /// <summary>The booking behind a private manage link, or null: a wrong token looks like no booking at all.</summary>
    public async Task<Booking?> FindAsync(string? reference, string? token, CancellationToken ct = default)
    {
        if (!BookingReference.TryParse(reference, out var parsed) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Reference == parsed.Value, ct);
        return booking is not null && ManageToken.Matches(token, booking.ManageTokenHash) ? booking : null;
    }

    /// <summary>
    /// The active booking of a phone number, if the citizen also knows its reference: how someone
    /// who tries to book a second call can move their first one instead without the private link.
    /// </summary>
    public async Task<Booking?> FindByPhoneAsync(string? reference, string phoneE164, CancellationToken ct = default)
    {
        if (!BookingReference.TryParse(reference, out var parsed))
        {
            return null;
        }
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Reference == parsed.Value, ct);
        return booking is { IsActive: true } && booking.PhoneE164 == phoneE164 ? booking : null;
    }

    /// <summary>The one active booking of a phone number, or null: all a text message can see or change.</summary>
    public Task<Booking?> ActiveForPhoneAsync(string phoneE164, CancellationToken ct = default) =>
        db.Bookings.FirstOrDefaultAsync(b => b.PhoneE164 == phoneE164 && BookingStatuses.Active.Contains(b.Status), ct);

    public Task<BookingOutcome> MoveAsync(string? reference, string? token, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => FindAsync(reference, token, ct), newStartText, toldByText: false, ct);

    public Task<BookingOutcome> MoveByPhoneAsync(string? reference, string phoneE164, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => FindByPhoneAsync(reference, phoneE164, ct), newStartText, toldByText: false, ct);

    /// <summary>A move asked for by text message from the booking's own number; the reply is the "moved" notice there.</summary>
    public Task<BookingOutcome> MoveByTextAsync(string phoneE164, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => ActiveForPhoneAsync(phoneE164, ct), newStartText, toldByText: true, ct);

    private Task<BookingOutcome> MoveAsync(Func<Task<Booking?>> find, string? newStartText, bool toldByText, CancellationToken ct) =>
        ChangeAsync(find, MessageKind.Moved, toldByText, (booking, now) =>
        {
            if (!SlotTimes.TryParse(newStartText, out var newStart))
            {
                return new BookingOutcome.Invalid([new FieldError("slotStart", "Error.Slot.Missing")]);
            }
            var problem = calendar.Check(newStart, now, booking.SlotCount);
            if (problem != SlotProblem.None)
            {
                return SlotProblemOutcome(problem);
            }
            booking.MoveTo(calendar, newStart, now);
            return null;
        }, ct);

    /// <summary>
    /// The citizen, on the phone with an agent, asks for another time: the agent who holds the call
    /// moves it, the try is recorded, and the citizen gets the usual "new time" message and reminders.
    /// </summary>
    public Task<BookingOutcome> RescheduleAsync(Guid bookingId, string agentId, string? note, string? newStartText, CancellationToken ct = default) =>
        ChangeAsync(() => db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct), MessageKind.Moved, toldByText: false, (booking, now) =>
        {
            if (!SlotTimes.TryParse(newStartText, out var newStart))
            {
                return new BookingOutcome.Invalid([new FieldError("slotStart", "Error.Slot.Missing")]);
            }
            var problem = calendar.Check(newStart, now, booking.SlotCount);
            if (problem != SlotProblem.None)
            {
                return SlotProblemOutcome(problem);
            }
            db.CallRecords.Add(booking.Reschedule(calendar, newStart, agentId, note, now));
            return null;
        }, ct);

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
        var next = (await AlternativesAsync(booking.SlotStart, booking.SlotCount, ct)).FirstOrDefault();
        if (next is null)
        {
            return new BookingOutcome.SlotFull([]);
        }
        return await MoveAsync(() => db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct), SlotTimes.Format(next.Slot.Start, calendar.Zone), toldByText: false, ct);
    }

    /// <summary>The citizen changed what would help them: a new plan, and possibly a longer or shorter call.</summary>
    public Task<BookingOutcome> ChangeNeedsAsync(string? reference, string? token, NeedsInput input, CancellationToken ct = default) =>
        ChangeAsync(() => FindAsync(reference, token, ct), null, toldByText: false, (booking, now) =>
        {
            var errors = BookingFields.CheckNeeds(input, out var needs).ToList();
            return errors.Count > 0 ? new BookingOutcome.Invalid(errors) : ApplyNeeds(booking, needs, now);
        }, ct);

    /// <summary>The needs a citizen answered by text message, for the active booking of that number.</summary>
    public Task<BookingOutcome> ChangeNeedsByTextAsync(string phoneE164, Needs needs, CancellationToken ct = default) =>
        ChangeAsync(() => ActiveForPhoneAsync(phoneE164, ct), null, toldByText: true, (booking, now) => ApplyNeeds(booking, needs, now), ct);

    /// <summary>A new plan from the rules for these needs, and the call's new length; null when applied.</summary>
    private BookingOutcome? ApplyNeeds(Booking booking, Needs needs, Instant now)
    {
        var plan = PlanFor(booking.Language, booking.PhoneKind, booking.Email is not null, needs);
        if (!plan.Reachable)
        {
            return new BookingOutcome.Unreachable(plan.Refusal);
        }
        if (calendar.Run(booking.SlotStart, plan.Slots.Value) is null)
        {
            return new BookingOutcome.Invalid([new FieldError("needs", "Error.Slot.TooShortForNeeds")]);
        }
        booking.ChangeNeeds(calendar, needs, plan, now);
        return null;
    }

    public Task<BookingOutcome> CancelAsync(string? reference, string? token, CancellationToken ct = default) =>
        CancelAsync(() => FindAsync(reference, token, ct), toldByText: false, ct);

    /// <summary>A cancel asked for by text message from the booking's own number; the reply is the notice there.</summary>
    public Task<BookingOutcome> CancelByTextAsync(string phoneE164, CancellationToken ct = default) =>
        CancelAsync(() => ActiveForPhoneAsync(phoneE164, ct), toldByText: true, ct);

    private async Task<BookingOutcome> CancelAsync(Func<Task<Booking?>> find, bool toldByText, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            db.ChangeTracker.Clear();
            var booking = await find();
            if (booking is null)
            {
                return new BookingOutcome.NotFound();
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
            db.SeatClaims.RemoveRange(await db.SeatClaims.Where(c => c.BookingId == booking.Id).ToListAsync(ct));
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
    }

    /// <summary>
    /// A change to an existing booking that may move its seats: find it (who may change it is checked
    /// first, so a stranger learns nothing), apply the change, then swap its seat claims for the slots
    /// it now takes, in one transaction, retrying when another writer got there first.
    /// </summary>
    private async Task<BookingOutcome> ChangeAsync(Func<Task<Booking?>> find, MessageKind? notice, bool toldByText, Func<Booking, Instant, BookingOutcome?> change, CancellationToken ct)
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
                refused = change(booking, now);
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
            var old = await db.SeatClaims.Where(c => c.BookingId == booking.Id).ToListAsync(ct);
            var run = calendar.Run(booking.SlotStart, booking.SlotCount)!;
            var seats = await FreeSeatsAsync(run, ct, keep: old);
            if (seats is null)
            {
                return new BookingOutcome.SlotFull(await AlternativesAsync(booking.SlotStart, booking.SlotCount, ct));
            }
            var claims = Claims(booking, run, seats);
            // Seats the booking already holds stay put; only the difference is written.
            db.SeatClaims.RemoveRange(old.Where(o => !claims.Any(c => c.SlotStart == o.SlotStart && c.Seat == o.Seat)));
            db.SeatClaims.AddRange(claims.Where(c => !old.Any(o => o.SlotStart == c.SlotStart && o.Seat == c.Seat)));
            var due = await ReplaceMessagesAsync(booking, notice, toldByText, now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                signal.Committed(due);
                return new BookingOutcome.Done(booking, null);
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
            {
                // A seat went, or the booking changed under us: re-read and decide again.
            }
        }
        db.ChangeTracker.Clear();
        return new BookingOutcome.Refused("Error.Booking.Busy");
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
        var due = messages.For(booking, notice, now, toldByText);
        db.OutboundMessages.AddRange(due);
        return due;
    }

    // Read once per request (this service is scoped): retries and alternatives reuse it.
    private CapacityTable? _capacity;

    public async Task<CapacityTable> CapacityAsync(CancellationToken ct)
    {
        if (_capacity is null)
        {
            var entries = await db.Capacity.AsNoTracking().ToListAsync(ct);
            var today = calendar.Today(clock.GetCurrentInstant());
            var adjustments = await db.CapacityAdjustments.AsNoTracking().Where(a => a.To >= today).ToListAsync(ct);
            _capacity = new CapacityTable(entries.Select(e => (e.Day, e.Hour, e.Agents)), adjustments: adjustments);
        }
        return _capacity;
    }

    /// <summary>
    /// A free seat number in each slot of the run (keeping the seats in <paramref name="keep"/>, which
    /// the booking already holds), or null when any of the slots is full.
    /// </summary>
    private async Task<int[]?> FreeSeatsAsync(IReadOnlyList<Slot> run, CancellationToken ct, IReadOnlyList<SeatClaim>? keep = null)
    {
        var capacity = await CapacityAsync(ct);
        var starts = run.Select(s => s.Start).ToList();
        var taken = await db.SeatClaims.AsNoTracking()
            .Where(c => starts.Contains(c.SlotStart))
            .Select(c => new { c.SlotStart, c.Seat })
            .ToListAsync(ct);
        var seats = new int[run.Count];
        for (var i = 0; i < run.Count; i++)
        {
            var mine = keep?.FirstOrDefault(k => k.SlotStart == run[i].Start);
            if (mine is not null)
            {
                seats[i] = mine.Seat;
                continue;
            }
            var used = taken.Where(t => t.SlotStart == run[i].Start).Select(t => t.Seat).ToHashSet();
            var free = Enumerable.Range(1, capacity.SeatsFor(run[i])).FirstOrDefault(seat => !used.Contains(seat));
            if (free == 0)
            {
                return null;
            }
            seats[i] = free;
        }
        return seats;
    }

    private static List<SeatClaim> Claims(Booking booking, IReadOnlyList<Slot> run, int[] seats) =>
        [.. run.Select((slot, i) => new SeatClaim { SlotStart = slot.Start, Seat = seats[i], BookingId = booking.Id })];

    /// <summary>The next free times after the one asked for (then earlier ones), looking a week at a time.</summary>
    private async Task<IReadOnlyList<SlotAvailability>> AlternativesAsync(Instant after, int slotCount, CancellationToken ct)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var from = LocalDate.Max(today, after.InZone(calendar.Zone).Date);
        var found = new List<SlotAvailability>();
        for (var week = from; found.Count < Alternatives && week <= today.PlusDays(calendar.Hours.HorizonDays); week = week.PlusDays(7))
        {
            found.AddRange((await AvailabilityAsync(week, 7, ct, slotCount)).Where(a => a.SeatsLeft > 0 && a.Slot.Start > after));
        }
        if (found.Count < Alternatives)
        {
            found.AddRange((await AvailabilityAsync(today, Period.Between(today, from, PeriodUnits.Days).Days + 1, ct, slotCount)).Where(a => a.SeatsLeft > 0 && a.Slot.Start < after));
        }
        return found.Take(Alternatives).ToList();
    }

    private static BookingOutcome SlotProblemOutcome(SlotProblem problem) =>
        new BookingOutcome.Invalid([new FieldError("slotStart", $"Error.Slot.{problem}")]);

    private static string RuleMessageKey(BookingProblem problem) => $"Error.Booking.{problem}";
}
