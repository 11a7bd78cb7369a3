using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>A new booking: every front end's hot path (docs/decisions/0030-the-booking-hot-path.md).</summary>
public sealed partial class BookingService
{
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
        return await BookAsync(slotStart, phone!, language, input.Name, input.Email, needs, frontEnd, input.Needs.OptedOut(), ct);
    }

    /// <param name="frontEnd">Where the citizen booked; a booking by text message got its confirmation as the reply.</param>
    /// <param name="optingOut">Channels the citizen asked, while booking, never to be reached on; recorded for the number.</param>
    public async Task<BookingOutcome> BookAsync(
        Instant slotStart, PhoneNumber phone, Language language, string? name, string? email, Needs needs,
        FrontEnd frontEnd = FrontEnd.Web, IReadOnlySet<Channel>? optingOut = null, CancellationToken ct = default)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        optingOut ??= new HashSet<Channel>();
        var now = clock.GetCurrentInstant();
        var slotCount = 1;
        var callback = CallbackMode.Voice;
        // The hot path of a booking storm: one read (the opt-outs), then one save that the database
        // accepts or refuses whole. The capacity trigger decides, and the index of active numbers
        // decides "already booked" (docs/decisions/0030). Only a time this node lately found full has
        // its seats read first, so a last-seats storm is answered from the read that finds the
        // alternatives, without a write the database would refuse and roll back (decision 0044).
        for (var attempt = 0; attempt < 8; attempt++)
        {
            db.ChangeTracker.Clear();
            var known = await optOuts.OfAsync(phone.E164, email, needs.Proxy?.Phone.E164, ct);
            var optedOut = known.ForCitizen.Union(optingOut).ToHashSet();
            var plan = Plan(language, phone.Kind, email is not null, needs, optedOut);
            if (!plan.Reachable)
            {
                return new BookingOutcome.Unreachable(plan.Refusal);
            }
            slotCount = plan.Slots.Value;
            callback = plan.Callback.Value;
            var problem = Check(slotStart, now, slotCount, callback);
            if (problem != SlotProblem.None)
            {
                return SlotProblemOutcome(problem);
            }
            if (_fullSlots.WereLatelyFull(slotStart, language))
            {
                if (await AlternativesUnlessFreeAsync(slotStart, slotCount, callback, language, ct) is { } full)
                {
                    // What the write would have said: the number's active booking is checked before the seats.
                    return await HasActiveBookingAsync(phone.E164, ct)
                        ? new BookingOutcome.PhoneAlreadyBooked()
                        : new BookingOutcome.SlotFull(full);
                }
                _fullSlots.FoundFree(slotStart, language);
            }
            var token = ManageToken.New();
            var booking = Booking.Book(
                calendar, slotStart, now, phone, language, name, email, needs, plan, BookingReference.New(), ManageToken.Hash(token), frontEnd);
            var run = calendar.Run(slotStart, slotCount)!;
            var due = messages.For(booking, MessageKind.Confirmation, now, toldByText: frontEnd == FrontEnd.Sms, known.ForMessages);
            try
            {
                // Opting out while booking (rare) also withdraws what waits on the refused channel: the unit of work does that.
                if (optingOut.Count == 0 && _ledger.CanBookInOneBatch)
                {
                    await _ledger.BookAsync(booking, run, due, ct);
                }
                else
                {
                    db.Bookings.Add(booking);
                    _ledger.Claim(booking, run);
                    await optOuts.RecordAsync(phone.E164, email, optingOut, known.ForCitizen, now, ct);
                    db.OutboundMessages.AddRange(due);
                    await SaveAsOneBatchAsync(ct);
                }
                signal.Committed(due);
                return new BookingOutcome.Done(booking, token);
            }
            catch (DbUpdateException e) when (ActivePhoneTaken(e))
            {
                db.ChangeTracker.Clear();
                return new BookingOutcome.PhoneAlreadyBooked();
            }
            catch (DbUpdateException e) when (SeatLedger.Refused(e))
            {
                db.ChangeTracker.Clear();
                _fullSlots.FoundFull(slotStart, language);
                if (await AlternativesUnlessFreeAsync(slotStart, slotCount, callback, language, ct) is { } alternatives)
                {
                    return new BookingOutcome.SlotFull(alternatives);
                }
                // The seats were not written yet (a day that has just come within the horizon) or one was given back: again.
                _fullSlots.FoundFree(slotStart, language);
            }
            catch (DbUpdateException e) when (SeatLedger.LostRace(e) || UniqueViolation.Is(e))
            {
                // Two long calls waited on each other's slots, or a reference was drawn twice: again.
            }
        }
        db.ChangeTracker.Clear();
        return new BookingOutcome.SlotFull(await AlternativesAsync(slotStart, slotCount, callback, language, ct));
    }

    /// <summary>
    /// Saves what a new booking staged. On PostgreSQL one batch of statements that no transaction
    /// encloses runs as one implicit transaction: every statement or none, as with BEGIN and COMMIT,
    /// but without the round trip of the COMMIT (or of the ROLLBACK after a refusal), a third of a
    /// booking's round trips. Only when the whole save is one batch (EF Core splits a save past
    /// <see cref="DatabaseRegistration.MaxBatchSize"/> commands) and the caller holds no transaction;
    /// SQLite runs a batch statement by statement, so it keeps its transaction.
    /// </summary>
    private async Task SaveAsOneBatchAsync(CancellationToken ct)
    {
        var oneBatch = db.Database.IsNpgsql() && db.Database.CurrentTransaction is null
            && db.ChangeTracker.Entries().Count(e => e.State != EntityState.Unchanged) < DatabaseRegistration.MaxBatchSize;
        if (!oneBatch)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }
    }

    // The statuses inlined, as in the index's filter, so PostgreSQL answers from IX_Bookings_ActivePhone
    // (a parameter list would scan the active bookings). Not compiled: EF Core cannot inline them there.
    private Task<bool> HasActiveBookingAsync(string phoneE164, CancellationToken ct) =>
        db.Bookings.AnyAsync(b => b.PhoneE164 == phoneE164 && EF.Constant(BookingStatuses.Active).Contains(b.Status), ct);

    /// <summary>Whether saving a new booking failed because its number already has an active booking (IX_Bookings_ActivePhone).</summary>
    private static bool ActivePhoneTaken(DbUpdateException e) => UniqueViolation.Is(e) && e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.ConstraintName == "IX_Bookings_ActivePhone",
        Microsoft.Data.Sqlite.SqliteException lite => lite.Message.Contains("Bookings.PhoneE164", StringComparison.Ordinal),
        _ => false,
    };
}
