using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Bookings;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Waitlist;

// The sweep: what makes the list move. It looks at the database, not at events, so a seat freed by
// any path (a cancellation, a move, a capacity raise, a closure lifted) on any node is found, even
// after a crash; every step is its own unit of work and safe to run on several nodes at once.
public sealed partial class WaitlistService
{
    /// <summary>Expires the offers whose time is up, lets go of those who booked or whose days are over, then offers free seats. Returns the offers made.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        await ExpireAsync(ct);
        await LetGoAsync(ct);
        return await OfferFreeSeatsAsync(ct);
    }

    /// <summary>Every open offer past its time passes on: the seat goes back, the entry is back in line for other times.</summary>
    public async Task<int> ExpireAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.WaitlistOffers.AsNoTracking()
            .Where(o => o.Outcome == OfferOutcome.Open && o.ExpiresAt <= now)
            .OrderBy(o => o.ExpiresAt)
            .Select(o => new { o.EntryId, o.BookingId })
            .ToListAsync(ct);
        var expired = 0;
        foreach (var offer in due)
        {
            db.ChangeTracker.Clear();
            var entry = await db.WaitlistEntries.FirstAsync(e => e.Id == offer.EntryId, ct);
            // Answered (or left) since the list was read: the answer stands.
            if (entry.Status != WaitlistStatus.Offered || entry.OfferBookingId != offer.BookingId)
            {
                continue;
            }
            await CloseOfferAsync(offer.BookingId, OfferOutcome.Expired, now, ct);
            entry.PassOn();
            if (await SavedFirstAsync(ct))
            {
                expired++;
            }
        }
        db.ChangeTracker.Clear();
        return expired;
    }

    /// <summary>Entries whose number booked a time of its own since joining leave the list; so do those whose last day has passed.</summary>
    private async Task LetGoAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var today = calendar.Today(now);
        var done = await db.WaitlistEntries.AsNoTracking()
            .Where(e => e.Status == WaitlistStatus.Waiting
                && (e.LastDay < today || db.Bookings.Any(b => b.PhoneE164 == e.PhoneE164 && BookingStatuses.Active.Contains(b.Status) && b.CreatedAt >= e.JoinedAt)))
            .Select(e => e.Id)
            .ToListAsync(ct);
        foreach (var id in done)
        {
            db.ChangeTracker.Clear();
            var entry = await db.WaitlistEntries.FirstAsync(e => e.Id == id, ct);
            if (entry.Status != WaitlistStatus.Waiting)
            {
                continue;
            }
            if (entry.LastDay < today)
            {
                entry.Leave(now);
            }
            else
            {
                entry.BookedElsewhere(now);
            }
            await SavedFirstAsync(ct);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// First come, first served: each waiting entry, priority places first (in the order of the calls
    /// they missed), then in the order they joined, is offered the earliest
    /// free time inside its wish that it was never offered before and that does not overlap a call its
    /// number holds. A seat one entry takes is not there for the next: the read of the seats follows.
    /// </summary>
    public async Task<int> OfferFreeSeatsAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var today = calendar.Today(now);
        var waiting = await db.WaitlistEntries.AsNoTracking()
            .Where(e => e.Status == WaitlistStatus.Waiting && e.LastDay >= today)
            .OrderBy(e => e.PriorityFrom == null).ThenBy(e => e.PriorityFrom).ThenBy(e => e.JoinedAt).ThenBy(e => e.Id)
            .ToListAsync(ct);
        var offered = 0;
        foreach (var entry in waiting)
        {
            db.ChangeTracker.Clear();
            if (await FirstFreeRunAsync(entry, now, ct) is { } run && await TryOfferAsync(entry, run, now, ct))
            {
                offered++;
            }
        }
        db.ChangeTracker.Clear();
        return offered;
    }

    private async Task<IReadOnlyList<Slot>?> FirstFreeRunAsync(WaitlistEntry entry, Instant now, CancellationToken ct)
    {
        var from = LocalDate.Max(entry.FirstDay, calendar.Today(now));
        var days = Period.Between(from, entry.LastDay, PeriodUnits.Days).Days + 1;
        // A relay call only where the relay can carry all of it: the booking path's own rule.
        var runs = calendar.BookableRuns(now, from, days, entry.Plan.Slots.Value)
            .Where(r => entry.Wants(r[0]) && bookings.RelayAllows(r, entry.Plan.Callback.Value))
            .ToList();
        if (runs.Count == 0)
        {
            return null;
        }
        var held = await db.Bookings.AsNoTracking()
            .Where(b => b.PhoneE164 == entry.PhoneE164 && BookingStatuses.Active.Contains(b.Status))
            .Select(b => new { b.SlotStart, b.SlotEnd })
            .ToListAsync(ct);
        var offeredBefore = (await db.WaitlistOffers.AsNoTracking().Where(o => o.EntryId == entry.Id).Select(o => o.SlotStart).ToListAsync(ct)).ToHashSet();
        runs = runs.Where(r => !offeredBefore.Contains(r[0].Start) && !held.Any(h => r[0].Start < h.SlotEnd && r[^1].End > h.SlotStart)).ToList();
        if (runs.Count == 0)
        {
            return null;
        }
        var loads = await _ledger.LoadsAsync(runs.SelectMany(r => r).Distinct().ToList(), entry.Language, ct);
        return runs.FirstOrDefault(r => r.All(s => loads[s.Start].Free > 0));
    }

    /// <summary>
    /// Holds the run for the entry and writes the offer to the outbox, in one unit of work. False,
    /// with nothing kept, when no channel can carry the offer now (an opt-out since joining), when
    /// the database refused the seat (someone took it first), or when another node offered to this
    /// entry meanwhile (its version moved on).
    /// </summary>
    private async Task<bool> TryOfferAsync(WaitlistEntry waiting, IReadOnlyList<Slot> run, Instant now, CancellationToken ct)
    {
        var entry = await db.WaitlistEntries.FirstAsync(e => e.Id == waiting.Id, ct);
        if (entry.Status != WaitlistStatus.Waiting)
        {
            return false;
        }
        var known = await optOuts.OfAsync(entry.PhoneE164, entry.Email, entry.Needs.Proxy?.Phone.E164, ct);
        // The provisional booking's own manage link is never given out: the entry's is the citizen's way in.
        var booking = Booking.Offer(calendar, run[0].Start, now, entry.Phone, entry.Language, entry.Name, entry.Email, entry.Needs, entry.Plan,
            BookingReference.New(), ManageToken.Hash(ManageToken.New()), entry.FrontEnd);
        var due = messages.Offer(booking, now, known.ForMessages);
        if (due.Count == 0)
        {
            return false;
        }
        var expiresAt = now + OfferHold;
        db.Bookings.Add(booking);
        _ledger.Claim(booking, run);
        entry.Offer(booking.Id, now, expiresAt);
        db.WaitlistOffers.Add(new WaitlistOffer
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()), EntryId = entry.Id, BookingId = booking.Id, SlotStart = booking.SlotStart,
            OfferedAt = now, ExpiresAt = expiresAt, Outcome = OfferOutcome.Open,
        });
        db.OutboundMessages.AddRange(due);
        if (!await SavedFirstAsync(ct))
        {
            return false;
        }
        signal.Committed(due);
        return true;
    }

    /// <summary>
    /// Saves the unit of work, or drops it when another writer got there first: a seat the database
    /// refused, a row another node changed (a version that moved on), an open offer already there.
    /// </summary>
    private async Task<bool> SavedFirstAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || SeatLedger.LostRace(e) || Persistence.UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
