using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Tells this node that outbox rows were committed. Only a speed-up: a job node's poller finds every
/// due row within a second anyway, so a lost signal (a crash after commit, a web-only node) delays a
/// message by at most that and never loses it.
/// </summary>
public interface IOutboxSignal
{
    void Committed(IEnumerable<OutboundMessage> messages);
}

public static class OutboxSignalExtensions
{
    /// <summary>
    /// For a conversation (by text or phone) that booked inside its own transaction: the booking service
    /// announced its messages before that commit, perhaps before a job could see them, so what is due
    /// now is announced again after it (sending is idempotent).
    /// </summary>
    public static async Task AnnounceDueAfterCommitAsync(this IOutboxSignal signal, Persistence.AlloDbContext db, Guid bookingId, NodaTime.Instant now, CancellationToken ct)
    {
        signal.Committed(await db.OutboundMessages.AsNoTracking()
            .Where(m => m.BookingId == bookingId && m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now)
            .ToListAsync(ct));
    }
}
