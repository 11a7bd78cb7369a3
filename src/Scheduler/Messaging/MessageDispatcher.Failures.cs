using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Messaging;

// What happens after the provider: its later status reports, giving up, falling back to the plan's next channel.
public sealed partial class MessageDispatcher
{
    /// <summary>A status the provider reported later (delivered, failed…); failures fall back to the next channel.</summary>
    public async Task<bool> RecordStatusAsync(string providerId, DeliveryStatus status, string? error, CancellationToken ct = default)
    {
        var message = await db.OutboundMessages.FirstOrDefaultAsync(m => m.ProviderId == providerId, ct);
        if (message is null)
        {
            return false;
        }
        // Callbacks can arrive out of order: never step back from a final state, or from sent to queued.
        if (OutboundMessage.IsFinal(message.Status) || status is DeliveryStatus.Queued or DeliveryStatus.Sending || status == message.Status)
        {
            return true;
        }
        var (before, at) = (message.Status, message.StatusAt);
        message.Status = status;
        message.StatusAt = clock.GetCurrentInstant();
        message.LastError = error;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            // Counted on its old day, which may be closed and rolled up already; now it counts today.
            if (Managers.MessageRollup.Counted.Contains(before) && at is { } old)
            {
                await Managers.MessageRollup.TakeBackAsync(db, planner.LocalDay(old), message.Channel, before, ct);
            }
            await tx.CommitAsync(ct);
        }
        if (status is DeliveryStatus.Failed or DeliveryStatus.Undeliverable)
        {
            await FallBackAsync(message, ct);
        }
        return true;
    }

    /// <summary>After a give-up is committed: Twilio's word that the number said STOP is kept, and the plan's next channel is written.</summary>
    private async Task AfterGivingUpAsync(OutboundMessage message, ChannelException failure, CancellationToken ct)
    {
        if (failure.InnerException is Twilio.Exceptions.ApiException { Code: 21610 })
        {
            // Twilio says the number sent STOP: remember it, so nothing more is tried there.
            db.ChannelOptOuts.Add(new ChannelOptOut { Address = message.To, Channel = message.Channel, At = clock.GetCurrentInstant() });
            await SaveIgnoringDuplicateAsync(ct);
        }
        await FallBackAsync(message, ct);
    }

    /// <summary>30 s, 1 min, 2 min… up to 30 min, each with ±20 % jitter so retries of a burst spread out.</summary>
    public static Duration Backoff(int attempt)
    {
        var seconds = Math.Min(30 * Math.Pow(2, attempt - 1), 1800);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return Duration.FromSeconds(seconds * jitter);
    }

    private async Task GiveUpAsync(OutboundMessage message, DeliveryStatus status, string error, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        await db.OutboundMessages.Where(m => m.Id == message.Id && m.Status == DeliveryStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.Attempts, message.Attempts)
            .SetProperty(m => m.LastError, Truncate(error))
            .SetProperty(m => m.StatusAt, now), ct);
        await FallBackAsync(message, ct);
    }

    private async Task FallBackAsync(OutboundMessage failed, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == failed.BookingId, ct);
        if (booking is null || booking.Sequence != failed.BookingSequence)
        {
            return;
        }
        if (planner.FallbackFor(failed, booking, clock.GetCurrentInstant(), await new Bookings.OptOuts(db).OfAsync(booking, ct)) is not { } fallback)
        {
            return;
        }
        db.ChangeTracker.Clear();
        db.OutboundMessages.Add(fallback);
        if (await SaveIgnoringDuplicateAsync(ct))
        {
            signal.Committed([fallback]);
        }
    }

    private async Task<DispatchResult> WithdrawStaleAsync(Guid messageId, CancellationToken ct)
    {
        // Written for a version of the booking that no longer exists: it must never go out.
        await db.OutboundMessages.Where(m => m.Id == messageId && m.Status == DeliveryStatus.Queued).ExecuteDeleteAsync(ct);
        return DispatchResult.Stale;
    }

    private async Task<bool> SaveIgnoringDuplicateAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
