using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Waitlist;

/// <summary>What joining the waitlist came to.</summary>
public abstract record JoinOutcome
{
    /// <param name="ManageToken">The secret of the entry's manage link (leave the list), shown once.</param>
    public sealed record Joined(WaitlistEntry Entry, string ManageToken) : JoinOutcome;
    /// <summary>The number is in line already (one place per number).</summary>
    public sealed record AlreadyWaiting(WaitlistEntry Entry) : JoinOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : JoinOutcome;
}

/// <summary>What the citizen's answer to an offer came to.</summary>
public abstract record AnswerOutcome
{
    /// <summary>The held seat is their booking now.</summary>
    public sealed record Booked(Booking Booking) : AnswerOutcome;
    /// <summary>They said no: back in line.</summary>
    public sealed record Declined : AnswerOutcome;
    /// <summary>The offer expired and the seat moved on; they are still in line (or not, if they left).</summary>
    public sealed record TooLate(bool StillWaiting) : AnswerOutcome;
    /// <summary>The number has no offer, open or past.</summary>
    public sealed record NoOffer : AnswerOutcome;
}

/// <summary>
/// The waitlist: citizens join with a wish (days and parts of day), freed seats inside a wish are held
/// for the first in line and offered on their own channel for <see cref="OfferHold"/>, and the answer
/// turns the hold into a booking or passes it on (docs/decisions/0031-the-waitlist.md). Every seat goes
/// through the <see cref="SeatLedger"/>: an offer is a booking with status Offered, so the database's
/// capacity rule holds the seat as it holds any other.
/// </summary>
public sealed partial class WaitlistService(
    AlloDbContext db, SlotCalendar calendar, IClock clock, MessagePlanner messages, IOutboxSignal signal, BookingService bookings, SeatLedger? ledger = null)
{
    public const string SweepJobId = "waitlist-sweep";

    /// <summary>How long an offered seat is held for the citizen's yes.</summary>
    public static readonly Duration OfferHold = Duration.FromMinutes(30);

    private readonly SeatLedger _ledger = ledger ?? new SeatLedger(db, calendar, clock);
    private readonly OptOuts optOuts = new(db);

    /// <summary>Joins the list with the same contact answers a booking takes; the plan is decided by the same rules.</summary>
    public async Task<JoinOutcome> JoinAsync(
        PhoneNumber phone, Language language, string? name, string? email, Needs needs, LocalDate firstDay, LocalDate lastDay, DayParts parts,
        FrontEnd frontEnd = FrontEnd.Web, CancellationToken ct = default)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var now = clock.GetCurrentInstant();
        if (await InLineAsync(phone.E164, ct) is { } waiting)
        {
            return new JoinOutcome.AlreadyWaiting(waiting);
        }
        var known = await optOuts.OfAsync(phone.E164, email, needs.Proxy?.Phone.E164, ct);
        var plan = bookings.Plan(language, phone.Kind, email is not null, needs, known.ForCitizen);
        WaitlistEntry entry;
        var token = ManageToken.New();
        try
        {
            entry = WaitlistEntry.Join(calendar, now, phone, language, name, email, needs, plan, firstDay, lastDay, parts, ManageToken.Hash(token), frontEnd);
        }
        catch (WaitlistRuleException e)
        {
            var field = e.Problem switch
            {
                WaitlistProblem.NoPartOfDay => "parts",
                // No channel reaches the number: the way out is another number or someone who takes the call.
                WaitlistProblem.Unreachable => "phone",
                _ => "days",
            };
            return new JoinOutcome.Invalid([new FieldError(field, $"Error.Waitlist.{e.Problem}")]);
        }
        db.WaitlistEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same number joined at the same moment from another tab or node.
            db.ChangeTracker.Clear();
            return new JoinOutcome.AlreadyWaiting((await InLineAsync(phone.E164, ct))!);
        }
        return new JoinOutcome.Joined(entry, token);
    }

    /// <summary>The number's place in line, waiting or with an open offer.</summary>
    public Task<WaitlistEntry?> InLineAsync(string phoneE164, CancellationToken ct = default) =>
        db.WaitlistEntries.FirstOrDefaultAsync(e => e.PhoneE164 == phoneE164 && (e.Status == WaitlistStatus.Waiting || e.Status == WaitlistStatus.Offered), ct);

    /// <summary>The entry a manage link names, or null for a wrong token.</summary>
    public async Task<WaitlistEntry?> FindAsync(Guid id, string? token, CancellationToken ct = default)
    {
        var entry = await db.WaitlistEntries.FirstOrDefaultAsync(e => e.Id == id, ct);
        return entry is not null && ManageToken.Matches(token, entry.ManageTokenHash) ? entry : null;
    }

    /// <summary>Leaves the list from the manage link; an open offer's seat goes back (and on to the next in line).</summary>
    public async Task<bool> LeaveAsync(Guid id, string? token, CancellationToken ct = default) =>
        await FindAsync(id, token, ct) is { } entry && await LeaveAsync(entry, ct);

    /// <summary>Leaves the list by text (STOP); false when the number was not in line.</summary>
    public async Task<bool> LeaveByPhoneAsync(string phoneE164, CancellationToken ct = default) =>
        await InLineAsync(phoneE164, ct) is { } entry && await LeaveAsync(entry, ct);

    private async Task<bool> LeaveAsync(WaitlistEntry entry, CancellationToken ct)
    {
        if (!entry.InLine)
        {
            return false;
        }
        var now = clock.GetCurrentInstant();
        if (entry.OfferBookingId is { } held)
        {
            await CloseOfferAsync(held, OfferOutcome.Declined, now, ct);
        }
        entry.Leave(now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Stages the end of the offer held by <paramref name="bookingId"/>: its provisional booking lapses
    /// (so its offer message is stale and never sent), its seats go back through the ledger.
    /// </summary>
    private async Task CloseOfferAsync(Guid bookingId, OfferOutcome outcome, Instant now, CancellationToken ct)
    {
        var booking = await db.Bookings.FirstAsync(b => b.Id == bookingId, ct);
        var offer = await db.WaitlistOffers.FirstAsync(o => o.BookingId == bookingId, ct);
        booking.LapseOffer(now);
        await _ledger.GiveBackAsync(booking, ct);
        offer.Outcome = outcome;
        offer.ClosedAt = now;
    }
}
