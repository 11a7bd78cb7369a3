using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Allo.Scheduler.Messaging;

public enum DispatchResult
{
    /// <summary>The provider took it.</summary>
    Sent,
    /// <summary>Not due yet (or waiting for its next attempt): try again at its time.</summary>
    NotDue,
    /// <summary>Another run sent it, or it reached a final state.</summary>
    AlreadyHandled,
    /// <summary>The booking changed or was withdrawn since the message was written: never sent.</summary>
    Stale,
    /// <summary>The provider failed; a later attempt is due at the message's NextAttemptAt.</summary>
    WillRetry,
    /// <summary>Given up on this channel; a fallback may have been written.</summary>
    GaveUp,
}

/// <summary>
/// Sends one outbox message, the way GOV.UK Notify's delivery tasks do: take the id, reload, check
/// the status and the booking's version before any side effect, and retry a bounded number of times
/// into a final failed state. The claim, the provider call and the record share one transaction that
/// holds the booking row, so a move or cancel waits for a send in flight and never loses the race to
/// a stale reminder; a crash before the record rolls the claim back and the message is sent again
/// (the only window for a duplicate, see docs/architecture.md). That window is counted: the provider
/// call is recorded (<see cref="OutboundMessage.ProviderCalls"/>) and committed before it is made.
/// </summary>
public sealed class MessageDispatcher(
    AlloDbContext db,
    IEnumerable<IMessageChannel> channels,
    MessageTexts texts,
    MessagePlanner planner,
    MessagingSettings settings,
    SendPacer pacer,
    IOutboxSignal signal,
    IClock clock,
    ILogger<MessageDispatcher> log)
{
    public async Task<DispatchResult> DispatchAsync(Guid messageId, CancellationToken ct = default)
    {
        // The message, its opt-out and its booking in one round trip: at 18:00 this runs forty thousand
        // times. The booking read here is the one the text is rendered from; the claim below succeeds only
        // if its version is still the message's, and every change a text shows raises that version.
        // (A join on the key: a FirstOrDefault subquery becomes a window over every booking.)
        var found = await (
            from m in db.OutboundMessages.AsNoTracking()
            join b in db.Bookings.AsNoTracking() on m.BookingId equals b.Id
            where m.Id == messageId
            select new { Message = m, OptedOut = db.ChannelOptOuts.Any(o => o.Address == m.To && o.Channel == m.Channel), Booking = b })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return DispatchResult.Stale;
        }
        var message = found.Message;
        if (message.Status != DeliveryStatus.Queued)
        {
            return DispatchResult.AlreadyHandled;
        }
        if (message.NextAttemptAt > clock.GetCurrentInstant())
        {
            return DispatchResult.NotDue;
        }
        if (found.OptedOut)
        {
            await GiveUpAsync(message, DeliveryStatus.Undeliverable, "The citizen opted out of this channel.", ct);
            return DispatchResult.GaveUp;
        }
        var channel = channels.Single(c => c.Channel == message.Channel);
        await pacer.WaitAsync(message.Channel, ct);

        // Committed before the provider call: if this node dies while the provider has the message, the
        // call stays counted although its outcome is lost, so the possible duplicate can be seen.
        if (await db.OutboundMessages.Where(m => m.Id == messageId && m.Status == DeliveryStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderCalls, m => m.ProviderCalls + 1), ct) == 0)
        {
            return DispatchResult.AlreadyHandled;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await ClaimAsync(messageId, ct);
        if (claimed == 0)
        {
            await tx.RollbackAsync(ct);
            // No call is made after all: take the mark back.
            await db.OutboundMessages.Where(m => m.Id == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderCalls, m => m.ProviderCalls - 1), CancellationToken.None);
            // Withdrawn by a change meanwhile, written for an older version, or sent by another run.
            var current = await db.OutboundMessages.AsNoTracking().Where(m => m.Id == messageId).Select(m => (DeliveryStatus?)m.Status).FirstOrDefaultAsync(ct);
            return current switch
            {
                null => DispatchResult.Stale,
                DeliveryStatus.Queued => await WithdrawStaleAsync(messageId, ct),
                _ => DispatchResult.AlreadyHandled,
            };
        }
        if (message.ProviderCalls > message.Attempts)
        {
            log.LogWarning("Message {Id} ({Kind} by {Channel}) may have reached the citizen already: {Lost} earlier provider call(s) ended without a record.",
                message.Id, message.Kind, message.Channel, message.ProviderCalls - message.Attempts);
        }
        // Claimed, so the booking still has the message's version: the one read above.
        var booking = found.Booking;
        var rendered = texts.Render(message, booking);
        SendResult result;
        try
        {
            result = await channel.SendAsync(message, rendered, ct);
        }
        catch (ChannelException e)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return await FailedAttemptAsync(message, e, ct);
        }
        var now = clock.GetCurrentInstant();
        await db.OutboundMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, result.Status)
            .SetProperty(m => m.Provider, channel.Provider)
            .SetProperty(m => m.ProviderId, result.ProviderId)
            .SetProperty(m => m.Body, rendered.Text)
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.StatusAt, now), CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return DispatchResult.Sent;
    }

    /// <summary>
    /// Claims the message only while its booking still has the version it was written for, and holds
    /// the booking while we send: a concurrent move or cancel waits until we are done. On PostgreSQL the
    /// booking is locked FOR SHARE by the claim itself (one round trip); on SQLite the claim, the first
    /// write of the transaction, takes the database's write lock, with the same effect.
    /// </summary>
    private Task<int> ClaimAsync(Guid messageId, CancellationToken ct) => db.Database.IsNpgsql()
        ? db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "OutboundMessages" AS m SET "Status" = 'Sending', "Attempts" = m."Attempts" + 1
            WHERE m."Id" = {messageId} AND m."Status" = 'Queued'
              AND EXISTS (SELECT 1 FROM "Bookings" AS b WHERE b."Id" = m."BookingId" AND b."Sequence" = m."BookingSequence" FOR SHARE)
            """, ct)
        : db.OutboundMessages
            .Where(m => m.Id == messageId && m.Status == DeliveryStatus.Queued
                && db.Bookings.Any(b => b.Id == m.BookingId && b.Sequence == m.BookingSequence))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, DeliveryStatus.Sending)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);

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
        message.Status = status;
        message.StatusAt = clock.GetCurrentInstant();
        message.LastError = error;
        await db.SaveChangesAsync(ct);
        if (status is DeliveryStatus.Failed or DeliveryStatus.Undeliverable)
        {
            await FallBackAsync(message, ct);
        }
        return true;
    }

    private async Task<DispatchResult> FailedAttemptAsync(OutboundMessage message, ChannelException e, CancellationToken ct)
    {
        var attempts = message.Attempts + 1;
        log.LogWarning("Message {Id} ({Kind} by {Channel}) attempt {Attempt} failed: {Error}", message.Id, message.Kind, message.Channel, attempts, e.Message);
        if (e.Permanent || attempts >= settings.MaxAttempts)
        {
            if (e.InnerException is Twilio.Exceptions.ApiException { Code: 21610 })
            {
                // Twilio says the number sent STOP: remember it, so nothing more is tried there.
                db.ChannelOptOuts.Add(new ChannelOptOut { Address = message.To, Channel = message.Channel, At = clock.GetCurrentInstant() });
                await SaveIgnoringDuplicateAsync(ct);
            }
            message.Attempts = attempts;
            await GiveUpAsync(message, e.Permanent ? DeliveryStatus.Undeliverable : DeliveryStatus.Failed, e.Message, ct);
            return DispatchResult.GaveUp;
        }
        var next = clock.GetCurrentInstant() + Backoff(attempts);
        await db.OutboundMessages.Where(m => m.Id == message.Id && m.Status == DeliveryStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LastError, Truncate(e.Message)), ct);
        return DispatchResult.WillRetry;
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

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
