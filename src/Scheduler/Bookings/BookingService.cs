using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// Books, moves and cancels callbacks. Seats are claimed as rows whose primary key is
/// (slot, seat number), so the database, not this process, decides who gets the last seat.
/// </summary>
public sealed class BookingService(AlloDbContext db, SlotCalendar calendar, IClock clock)
{
    private const int Alternatives = 3;

    public SlotCalendar Calendar => calendar;

    /// <summary>Free seats per slot for a range of local days, from now on.</summary>
    public async Task<IReadOnlyList<SlotAvailability>> AvailabilityAsync(LocalDate from, int days, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var slots = calendar.BookableSlots(now, from, days).ToList();
        if (slots.Count == 0)
        {
            return [];
        }
        var capacity = await CapacityAsync(ct);
        var first = slots[0].Start;
        var last = slots[^1].Start;
        var taken = await db.SeatClaims.AsNoTracking()
            .Where(c => c.SlotStart >= first && c.SlotStart <= last)
            .GroupBy(c => c.SlotStart)
            .Select(g => new { Start = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Start, x => x.Count, ct);
        return slots
            .Select(s => new SlotAvailability(s, capacity.SeatsFor(s), taken.GetValueOrDefault(s.Start)))
            .ToList();
    }

    public async Task<BookingOutcome> BookAsync(BookingInput input, CancellationToken ct = default)
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
        return await BookAsync(slotStart, phone!, language, input.Name, input.Email, needs, ct);
    }

    public async Task<BookingOutcome> BookAsync(
        Instant slotStart, PhoneNumber phone, Language language, string? name, string? email, Needs needs, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var problem = calendar.Check(slotStart, now);
        if (problem != SlotProblem.None)
        {
            return SlotProblemOutcome(problem);
        }
        var slot = calendar.SlotStartingAt(slotStart)!.Value;
        var seats = (await CapacityAsync(ct)).SeatsFor(slot);

        // Each attempt re-reads which seats are taken; a unique violation means someone else
        // took the seat (or the phone's one active booking) between the read and the write.
        for (var attempt = 0; attempt <= seats + 2; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Bookings.AnyAsync(b => b.PhoneE164 == phone.E164 && BookingStatuses.Active.Contains(b.Status), ct))
            {
                return new BookingOutcome.PhoneAlreadyBooked();
            }
            var seat = await FreeSeatAsync(slot.Start, seats, ct);
            if (seat is null)
            {
                return new BookingOutcome.SlotFull(await AlternativesAsync(slot.Start, ct));
            }
            var token = ManageToken.New();
            var booking = Booking.Book(
                calendar, slot.Start, now, phone, language, name, email, needs, BookingReference.New(), ManageToken.Hash(token));
            db.Bookings.Add(booking);
            db.SeatClaims.Add(new SeatClaim { SlotStart = slot.Start, Seat = seat.Value, BookingId = booking.Id });
            try
            {
                await db.SaveChangesAsync(ct);
                return new BookingOutcome.Done(booking, token);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Lost a race; look again.
            }
        }
        db.ChangeTracker.Clear();
        return new BookingOutcome.SlotFull(await AlternativesAsync(slot.Start, ct));
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

    public Task<BookingOutcome> MoveAsync(string? reference, string? token, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => FindAsync(reference, token, ct), newStartText, ct);

    public Task<BookingOutcome> MoveByPhoneAsync(string? reference, string phoneE164, string? newStartText, CancellationToken ct = default) =>
        MoveAsync(() => FindByPhoneAsync(reference, phoneE164, ct), newStartText, ct);

    private async Task<BookingOutcome> MoveAsync(Func<Task<Booking?>> find, string? newStartText, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            db.ChangeTracker.Clear();
            // Who may change the booking is checked before anything else, so a stranger learns nothing from the answer.
            var booking = await find();
            if (booking is null)
            {
                return new BookingOutcome.NotFound();
            }
            if (!SlotTimes.TryParse(newStartText, out var newStart))
            {
                return new BookingOutcome.Invalid([new FieldError("slotStart", "Error.Slot.Missing")]);
            }
            var now = clock.GetCurrentInstant();
            var problem = calendar.Check(newStart, now);
            if (problem != SlotProblem.None)
            {
                return SlotProblemOutcome(problem);
            }
            var slot = calendar.SlotStartingAt(newStart)!.Value;
            var seat = await FreeSeatAsync(slot.Start, (await CapacityAsync(ct)).SeatsFor(slot), ct);
            if (seat is null && booking.SlotStart != slot.Start)
            {
                return new BookingOutcome.SlotFull(await AlternativesAsync(slot.Start, ct));
            }
            try
            {
                booking.MoveTo(calendar, slot.Start, now);
            }
            catch (BookingRuleException e)
            {
                return new BookingOutcome.Refused(RuleMessageKey(e.Problem));
            }
            var oldClaim = await db.SeatClaims.SingleAsync(c => c.BookingId == booking.Id, ct);
            db.SeatClaims.Remove(oldClaim);
            db.SeatClaims.Add(new SeatClaim { SlotStart = slot.Start, Seat = seat!.Value, BookingId = booking.Id });
            try
            {
                await db.SaveChangesAsync(ct);
                return new BookingOutcome.Done(booking, null);
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
            {
                // The seat went, or the booking changed under us: re-read and decide again.
            }
        }
        db.ChangeTracker.Clear();
        return new BookingOutcome.Refused("Error.Booking.Busy");
    }

    public async Task<BookingOutcome> CancelAsync(string? reference, string? token, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            db.ChangeTracker.Clear();
            var booking = await FindAsync(reference, token, ct);
            if (booking is null)
            {
                return new BookingOutcome.NotFound();
            }
            try
            {
                booking.Cancel(clock.GetCurrentInstant());
            }
            catch (BookingRuleException e)
            {
                return new BookingOutcome.Refused(RuleMessageKey(e.Problem));
            }
            await db.SeatClaims.Where(c => c.BookingId == booking.Id).ExecuteDeleteAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return new BookingOutcome.Done(booking, null);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Moved at the same moment; re-read so the cancel applies to what is there now.
            }
        }
        return new BookingOutcome.Refused("Error.Booking.Busy");
    }

    private async Task<CapacityTable> CapacityAsync(CancellationToken ct)
    {
        var entries = await db.Capacity.AsNoTracking().ToListAsync(ct);
        return new CapacityTable(entries.Select(e => (e.Day, e.Hour, e.Agents)));
    }

    private async Task<int?> FreeSeatAsync(Instant slotStart, int seats, CancellationToken ct)
    {
        var taken = await db.SeatClaims.AsNoTracking()
            .Where(c => c.SlotStart == slotStart)
            .Select(c => c.Seat)
            .ToListAsync(ct);
        for (var seat = 1; seat <= seats; seat++)
        {
            if (!taken.Contains(seat))
            {
                return seat;
            }
        }
        return null;
    }

    private async Task<IReadOnlyList<SlotAvailability>> AlternativesAsync(Instant after, CancellationToken ct)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var availability = await AvailabilityAsync(today, calendar.Hours.HorizonDays + 1, ct);
        return availability
            .Where(a => a.SeatsLeft > 0)
            .OrderBy(a => a.Slot.Start < after ? 1 : 0)
            .ThenBy(a => a.Slot.Start)
            .Take(Alternatives)
            .ToList();
    }

    private static BookingOutcome SlotProblemOutcome(SlotProblem problem) =>
        new BookingOutcome.Invalid([new FieldError("slotStart", $"Error.Slot.{problem}")]);

    private static string RuleMessageKey(BookingProblem problem) => $"Error.Booking.{problem}";
}
