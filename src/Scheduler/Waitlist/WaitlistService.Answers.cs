using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Messaging;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Waitlist;

// The citizen's answer to an offer: yes turns the hold into their booking, all or nothing; no, or
// silence, passes it on. An answer after the seat moved on is told so, politely, with what comes next.
public sealed partial class WaitlistService
{
    /// <summary>Yes, by text from the entry's own number; the reply is the confirmation there.</summary>
    public Task<AnswerOutcome> AcceptByPhoneAsync(string phoneE164, CancellationToken ct = default) =>
        AnswerAsync(() => LatestAsync(phoneE164, ct), accept: true, toldByText: true, ct);

    /// <summary>No, by text from the entry's own number: back in line for another time.</summary>
    public Task<AnswerOutcome> DeclineByPhoneAsync(string phoneE164, CancellationToken ct = default) =>
        AnswerAsync(() => LatestAsync(phoneE164, ct), accept: false, toldByText: true, ct);

    /// <summary>Yes, from the offer email's link or the key pressed in the offer call, which name the held seat's provisional booking.</summary>
    public Task<AnswerOutcome> AcceptOfferAsync(Guid offeredBookingId, CancellationToken ct = default) => AnswerOfferAsync(offeredBookingId, accept: true, ct);

    /// <summary>No, by the key pressed in the offer call: back in line for another time.</summary>
    public Task<AnswerOutcome> DeclineOfferAsync(Guid offeredBookingId, CancellationToken ct = default) => AnswerOfferAsync(offeredBookingId, accept: false, ct);

    private async Task<AnswerOutcome> AnswerOfferAsync(Guid offeredBookingId, bool accept, CancellationToken ct)
    {
        var entryId = await db.WaitlistOffers.AsNoTracking().Where(o => o.BookingId == offeredBookingId).Select(o => (Guid?)o.EntryId).FirstOrDefaultAsync(ct);
        if (entryId is null)
        {
            return new AnswerOutcome.NoOffer();
        }
        var entry = await db.WaitlistEntries.AsNoTracking().FirstAsync(e => e.Id == entryId, ct);
        // The entry's open offer may be a later one than this link's: a yes to an old link is too late.
        if (entry.OfferBookingId != offeredBookingId)
        {
            return new AnswerOutcome.TooLate(entry.InLine);
        }
        return await AnswerAsync(() => db.WaitlistEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.OfferBookingId == offeredBookingId, ct), accept, toldByText: false, ct);
    }

    /// <summary>The time an offer's link names and until when it is held, or null for an unknown one.</summary>
    public async Task<(Instant SlotStart, Instant ExpiresAt, bool Open)?> OfferAsync(Guid offeredBookingId, CancellationToken ct = default)
    {
        var offer = await db.WaitlistOffers.AsNoTracking().FirstOrDefaultAsync(o => o.BookingId == offeredBookingId, ct);
        return offer is null ? null : (offer.SlotStart, offer.ExpiresAt, offer.Outcome == OfferOutcome.Open && clock.GetCurrentInstant() < offer.ExpiresAt);
    }

    /// <summary>Yes, from the entry's manage link (the email offer's link).</summary>
    public Task<AnswerOutcome> AcceptByLinkAsync(Guid id, string? token, CancellationToken ct = default) =>
        AnswerAsync(() => FindAsync(id, token, ct), accept: true, toldByText: false, ct);

    /// <summary>How long after an offer expired a yes still gets the polite "too late" rather than being read as something else.</summary>
    public static readonly Duration LateAnswerWindow = Duration.FromDays(1);

    /// <summary>Whether a yes or no from the number answers an offer: one is open, or one expired not long ago (the late answer).</summary>
    public async Task<bool> AnsweringOfferAsync(string phoneE164, CancellationToken ct = default)
    {
        if (await LatestAsync(phoneE164, ct) is not { } entry)
        {
            return false;
        }
        if (entry.Status == WaitlistStatus.Offered)
        {
            return true;
        }
        var since = clock.GetCurrentInstant() - LateAnswerWindow;
        var last = await db.WaitlistOffers.AsNoTracking().Where(o => o.EntryId == entry.Id).OrderByDescending(o => o.OfferedAt).FirstOrDefaultAsync(ct);
        return last is { Outcome: OfferOutcome.Expired } && last.ClosedAt > since;
    }

    // The number's latest entry: the one in line, else the one that left last (a late yes after STOP).
    private Task<WaitlistEntry?> LatestAsync(string phoneE164, CancellationToken ct) =>
        db.WaitlistEntries.Where(e => e.PhoneE164 == phoneE164).OrderByDescending(e => e.JoinedAt).FirstOrDefaultAsync(ct);

    private const string AnswerSavepoint = "waitlist_answer";

    private async Task<AnswerOutcome> AnswerAsync(Func<Task<WaitlistEntry?>> find, bool accept, bool toldByText, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var entry = await find();
        if (entry is null)
        {
            return new AnswerOutcome.NoOffer();
        }
        var now = clock.GetCurrentInstant();
        if (!entry.OfferOpen(now))
        {
            var hadOne = await db.WaitlistOffers.AnyAsync(o => o.EntryId == entry.Id, ct);
            return hadOne ? new AnswerOutcome.TooLate(entry.InLine) : new AnswerOutcome.NoOffer();
        }
        var heldId = entry.OfferBookingId!.Value;
        if (!accept)
        {
            await CloseOfferAsync(heldId, OfferOutcome.Declined, now, ct);
            entry.PassOn();
            return await SavedFirstAsync(ct) ? new AnswerOutcome.Declined() : new AnswerOutcome.TooLate(true);
        }
        // Inside a conversation's transaction (a text, a key pressed in a call), a savepoint makes the
        // answer all or nothing: a refused save must not leave the replaced booking cancelled.
        var outer = db.Database.CurrentTransaction;
        var own = outer is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (outer is not null)
        {
            await outer.CreateSavepointAsync(AnswerSavepoint, ct);
        }
        try
        {
            // A booking the number already holds is replaced by the offered time: it goes first, on its
            // own statement, so the one-active-booking rule never sees two.
            var previous = await db.Bookings.FirstOrDefaultAsync(b => b.PhoneE164 == entry.PhoneE164 && BookingStatuses.Active.Contains(b.Status), ct);
            if (previous is not null && previous.SlotStart > now && previous.Status == BookingStatus.Booked)
            {
                previous.Cancel(now);
                await _ledger.GiveBackAsync(previous, ct);
                await db.SaveChangesAsync(ct);
            }
            var booking = await db.Bookings.FirstAsync(b => b.Id == heldId, ct);
            var offer = await db.WaitlistOffers.FirstAsync(o => o.BookingId == heldId, ct);
            booking.AcceptOffer(now);
            entry.Accept(now);
            offer.Outcome = OfferOutcome.Taken;
            offer.ClosedAt = now;
            var due = messages.For(booking, MessageKind.Confirmation, now, toldByText, await optOuts.OfAsync(booking, ct));
            db.OutboundMessages.AddRange(due);
            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
            signal.Committed(due);
            return new AnswerOutcome.Booked(booking);
        }
        catch (Exception e) when (e is DbUpdateException or BookingRuleException)
        {
            // The expiry on another node passed the offer on between our read and our write, or the
            // number already holds a call that has started: nothing of this answer is kept.
            if (own is not null)
            {
                await own.RollbackAsync(ct);
            }
            else
            {
                await outer!.RollbackToSavepointAsync(AnswerSavepoint, ct);
            }
            db.ChangeTracker.Clear();
            return new AnswerOutcome.TooLate(true);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
