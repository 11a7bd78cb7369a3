using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Calls;

/// <summary>What the citizen is told when the day ended before anyone called them (Calls:EndOfDay).</summary>
public enum EndOfDayPolicy
{
    /// <summary>Sorry, with a link to book again.</summary>
    Message,
    /// <summary>Sorry, with the first free time for their call and a link that chooses it.</summary>
    Offer,
    /// <summary>Sorry, and a place on the waitlist ahead of those who joined: the next free time is offered to them first.</summary>
    Waitlist,
}

/// <summary>Calls:EndOfDay as read at start-up.</summary>
public sealed record EndOfDaySettings(EndOfDayPolicy Policy);

/// <summary>
/// Calls still waiting when their day's opening hours have ended (agents overwhelmed, a claim that
/// lapsed) close as <see cref="BookingStatus.NotCalled"/>: the seats go back through the ledger and the
/// citizen is told on the channel their plan and opt-outs allow, each booking in its own transaction.
/// A booking's status and sequence are concurrency tokens, so two job nodes, or a second run, close
/// it and write its message once. See docs/decisions/0032-joint-returns-and-the-end-of-the-day.md.
/// </summary>
public sealed class EndOfDay(AlloDbContext db, IClock clock, SlotCalendar calendar, CallQueue queue, MessagePlanner messages, IOutboxSignal signal,
    BookingService bookings, EndOfDaySettings settings, Waitlist.WaitlistService waitlist)
{
    public const string JobId = "end-of-day";

    /// <summary>Every five minutes: closes the calls of every day whose opening hours have ended. Returns how many.</summary>
    [Hangfire.AutomaticRetry(Attempts = 0)]
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task<int> CloseAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var today = calendar.Today(now);
        // Today's calls count once today's last slot is over; earlier days' always.
        var before = now >= DayEnd(today) ? today.PlusDays(1) : today;
        var cutoff = before.AtStartOfDayInZone(calendar.Zone).ToInstant();
        db.ChangeTracker.Clear();
        var ids = await db.Bookings.AsNoTracking()
            .Where(b => BookingStatuses.Active.Contains(b.Status) && b.SlotStart < cutoff)
            .OrderBy(b => b.SlotStart)
            .Select(b => b.Id)
            .ToListAsync(ct);
        var closed = 0;
        foreach (var id in ids)
        {
            closed += await CloseOneAsync(id, ct) ? 1 : 0;
        }
        return closed;
    }

    private async Task<bool> CloseOneAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == id, ct);
        var now = clock.GetCurrentInstant();
        if (booking is null)
        {
            return false;
        }
        try
        {
            // Opening hours changed since the booking was made can end the day before the call: it still lasts its length.
            booking.CloseNotCalled(Instant.Max(DayEnd(booking.SlotStart.InZone(calendar.Zone).Date), booking.SlotEnd), now);
        }
        catch (BookingRuleException)
        {
            // An agent holds it right now (their call may be under way), or it changed meanwhile: a later run sees it again.
            return false;
        }
        await queue.CallOver(booking, ct);
        var offer = settings.Policy == EndOfDayPolicy.Offer ? await bookings.FirstFreeFor(booking, ct) : null;
        // A number already in line keeps its place (and gets the plain sorry); the place is saved with the close, or not at all.
        var place = settings.Policy == EndOfDayPolicy.Waitlist ? await waitlist.StagePriorityPlaceAsync(booking, ct) : null;
        var kind = place is not null ? MessageKind.NotCalledWaitlist : offer is not null ? MessageKind.NotCalledOffer : MessageKind.NotCalled;
        var due = messages.AfterCall(booking, kind, now, await new OptOuts(db).OfAsync(booking, ct));
        foreach (var message in due)
        {
            message.OfferedStart = offer?.Slot.Start;
            message.Link = place?.ManageLink;
        }
        db.OutboundMessages.AddRange(due);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            // Another node closed it (its sorry, keyed by the same booking version, may be written
            // first, and its place in line), or an agent took it at the last moment: theirs is the
            // change that counts. A place the number took meanwhile (by text) is seen by the next run.
            return false;
        }
        signal.Committed(due);
        return true;
    }

    /// <summary>When the day's last opening window ends; a day without one (a holiday) ends at midnight.</summary>
    private Instant DayEnd(LocalDate date) =>
        calendar.SlotsOn(date).Select(s => (Instant?)s.End).LastOrDefault() ?? date.PlusDays(1).AtStartOfDayInZone(calendar.Zone).ToInstant();
}
