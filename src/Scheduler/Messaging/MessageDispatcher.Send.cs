using System.Runtime.ExceptionServices;
using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Allo.Scheduler.Messaging;

// A group's round trips, whatever its size: the count of provider calls (committed), the claim, the
// one statement recording the sent messages, and the commit. The provider calls of the group run at once.
public sealed partial class MessageDispatcher
{
    /// <summary>
    /// Sends a group of messages already checked (<see cref="CheckAsync"/>) and paced, as many at the
    /// provider at once as <paramref name="atProvider"/> lets through (all of them without). Returns each one's result,
    /// in the group's order. A failure that is not the provider's (the node going down) still records
    /// the others' outcomes, leaves that message queued with its provider call counted, and is rethrown.
    /// </summary>
    public async Task<IReadOnlyList<DispatchResult>> SendAsync(IReadOnlyList<DueMessage> group, SemaphoreSlim? atProvider, CancellationToken ct)
    {
        var results = new DispatchResult[group.Count];
        // Committed before the provider calls: if this node dies while the provider has them, the calls
        // stay counted although their outcomes are lost, so the possible duplicates can be seen.
        var marked = await OutboxSql.MarkProviderCallsAsync(db, [.. group.Select(d => d.Message.Id)], ct);
        var claimed = new HashSet<Guid>();
        var outcomes = new Outcome?[group.Count];
        ExceptionDispatchInfo? crash = null;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (marked.Count > 0)
            {
                claimed = await OutboxSql.ClaimAsync(db, marked, ct);
            }
            if (claimed.Count == 0)
            {
                await tx.RollbackAsync(ct);
            }
            else
            {
                await Task.WhenAll(group.Select(async (due, i) =>
                {
                    if (claimed.Contains(due.Message.Id))
                    {
                        outcomes[i] = await CallProviderAsync(due, atProvider, ct);
                    }
                }));
                // From here on the outcomes are written whatever happens to the caller: the provider has them.
                var sent = new List<SentRecord>(claimed.Count);
                for (var i = 0; i < group.Count; i++)
                {
                    if (outcomes[i] is { } outcome)
                    {
                        results[i] = await RecordAsync(group[i].Message, outcome, sent);
                        crash ??= outcome.Crash;
                    }
                }
                await OutboxSql.RecordSentAsync(db, sent, clock.GetCurrentInstant(), CancellationToken.None);
                await tx.CommitAsync(CancellationToken.None);
                await RefreshTrackedAsync(claimed);
            }
        }
        for (var i = 0; i < group.Count; i++)
        {
            var message = group[i].Message;
            if (!claimed.Contains(message.Id))
            {
                results[i] = await NotClaimedAsync(message.Id, marked.Contains(message.Id), ct);
            }
            else if (outcomes[i]?.Failure is { } failure && results[i] == DispatchResult.GaveUp)
            {
                await AfterGivingUpAsync(message, failure, ct);
            }
        }
        crash?.Throw();
        return results;
    }

    /// <summary>What the provider did with one claimed message: its answer, its refusal, or something else entirely.</summary>
    private sealed record Outcome(RenderedMessage Rendered, SendResult? Sent, ChannelException? Failure, ExceptionDispatchInfo? Crash);

    private async Task<Outcome> CallProviderAsync(DueMessage due, SemaphoreSlim? atProvider, CancellationToken ct)
    {
        if (atProvider is null)
        {
            return await CallProviderAsync(due, ct);
        }
        // Not cancellable: the claim is taken, so the call is made (or recorded as not made) either way.
        await atProvider.WaitAsync(CancellationToken.None);
        try
        {
            return await CallProviderAsync(due, ct);
        }
        finally
        {
            atProvider.Release();
        }
    }

    private async Task<Outcome> CallProviderAsync(DueMessage due, CancellationToken ct)
    {
        var message = due.Message;
        if (message.ProviderCalls > message.Attempts)
        {
            log.LogWarning("Message {Id} ({Kind} by {Channel}) may have reached the citizen already: {Lost} earlier provider call(s) ended without a record.",
                message.Id, message.Kind, message.Channel, message.ProviderCalls - message.Attempts);
        }
        // Claimed, so the booking still has the message's version: the one read with the message.
        var rendered = texts.Render(message, due.Booking);
        try
        {
            return new Outcome(rendered, await channels.Single(c => c.Channel == message.Channel).SendAsync(message, rendered, ct), null, null);
        }
        catch (ChannelException e)
        {
            return new Outcome(rendered, null, e, null);
        }
        catch (Exception e)
        {
            return new Outcome(rendered, null, null, ExceptionDispatchInfo.Capture(e));
        }
    }

    /// <summary>
    /// Writes the outcome of a claimed message in the claim's transaction (the row is ours until the
    /// commit), each value as it is to be, so the record is the same whether the claim wrote the row
    /// (SQLite) or only locked it (PostgreSQL). The provider's acceptances, nearly all of a group, are
    /// collected in <paramref name="sent"/> and written together; the rest are written here. Every
    /// record also lets go of the batch's lease.
    /// </summary>
    private async Task<DispatchResult> RecordAsync(OutboundMessage message, Outcome outcome, List<SentRecord> sent)
    {
        var now = clock.GetCurrentInstant();
        var attempts = message.Attempts + 1;
        var row = db.OutboundMessages.Where(m => m.Id == message.Id);
        if (outcome.Sent is { } accepted)
        {
            sent.Add(new SentRecord(message.Id, accepted.Status, attempts, channels.Single(c => c.Channel == message.Channel).Provider, accepted.ProviderId, outcome.Rendered.Text));
            return DispatchResult.Sent;
        }
        if (outcome.Failure is not { } failure)
        {
            // Nobody knows whether the provider has it: the attempt is not counted, the provider call stays counted.
            await row.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, DeliveryStatus.Queued)
                .SetProperty(m => m.Attempts, message.Attempts)
                .SetProperty(m => m.LeasedUntil, (Instant?)null), CancellationToken.None);
            return DispatchResult.WillRetry;
        }
        log.LogWarning("Message {Id} ({Kind} by {Channel}) attempt {Attempt} failed: {Error}", message.Id, message.Kind, message.Channel, attempts, failure.Message);
        message.Attempts = attempts;
        var error = Truncate(failure.Message);
        if (failure.Permanent || attempts >= settings.MaxAttempts)
        {
            await row.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, failure.Permanent ? DeliveryStatus.Undeliverable : DeliveryStatus.Failed)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.StatusAt, now)
                .SetProperty(m => m.LeasedUntil, (Instant?)null), CancellationToken.None);
            return DispatchResult.GaveUp;
        }
        await row.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, DeliveryStatus.Queued)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.NextAttemptAt, now + Backoff(attempts))
            .SetProperty(m => m.LeasedUntil, (Instant?)null), CancellationToken.None);
        return DispatchResult.WillRetry;
    }

    /// <summary>A caller's own tracked copies of the recorded rows are brought up to date (the record bypasses the change tracker).</summary>
    private async Task RefreshTrackedAsync(HashSet<Guid> recorded)
    {
        foreach (var entry in db.ChangeTracker.Entries<OutboundMessage>().Where(e => recorded.Contains(e.Entity.Id)).ToList())
        {
            await entry.ReloadAsync(CancellationToken.None);
        }
    }

    /// <summary>No call was made for it after all: the mark is taken back, and why is found out.</summary>
    private async Task<DispatchResult> NotClaimedAsync(Guid messageId, bool marked, CancellationToken ct)
    {
        if (!marked)
        {
            // It was no longer queued when the group was counted: another run has it or had it.
            return DispatchResult.AlreadyHandled;
        }
        {
            await db.OutboundMessages.Where(m => m.Id == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderCalls, m => m.ProviderCalls - 1), CancellationToken.None);
        }
        // Withdrawn by a change meanwhile, written for an older version, or sent by another run.
        var current = await db.OutboundMessages.AsNoTracking().Where(m => m.Id == messageId).Select(m => (DeliveryStatus?)m.Status).FirstOrDefaultAsync(ct);
        return current switch
        {
            null => DispatchResult.Stale,
            DeliveryStatus.Queued => await WithdrawStaleAsync(messageId, ct),
            _ => DispatchResult.AlreadyHandled,
        };
    }
}
