using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Takes a batch of due messages straight from the outbox and sends it in groups. The batch is leased
/// (one statement on PostgreSQL, FOR UPDATE SKIP LOCKED; SQLite has one writer), so N nodes share the
/// work without waiting for each other, and read with its bookings and opt-outs in one query. Each
/// message waits for its send token (<see cref="SendPacer"/>); the messages whose tokens are in go to
/// <see cref="MessageDispatcher.SendAsync"/> together, up to <see cref="MessagingSettings.SendConcurrency"/>
/// at once, so a group costs four round trips however many messages it holds, and every per-message
/// guarantee (version and opt-out checked first, the booking row held, bounded retries, fallback, the
/// one counted duplicate window) holds for each of them.
/// See docs/decisions/0027-the-outbox-is-drained-in-batches.md.
/// </summary>
public sealed class OutboxBatch(IServiceScopeFactory scopes, MessagingSettings settings, SendPacer pacer, IClock clock, ILogger<OutboxBatch> log)
{
    /// <summary>
    /// Long enough for a whole batch at the slowest pace (a call a second); if it runs out anyway,
    /// another node may take the rest, which costs only work (the claim still sends once).
    /// </summary>
    public static readonly Duration Lease = Duration.FromMinutes(5);

    /// <summary>Sends one batch; returns how many messages it took (fewer than the batch size: the outbox is drained for now).</summary>
    public async Task<int> SendAsync(CancellationToken ct)
    {
        List<Guid> ids;
        bool oneWriter;
        var sendable = new List<DueMessage>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
            var now = clock.GetCurrentInstant();
            oneWriter = db.Database.IsSqlite();
            ids = await OutboxSql.LeaseAsync(db, now, now + Lease, settings.BatchSize, ct);
            if (ids.Count == 0)
            {
                return 0;
            }
            try
            {
                var dispatcher = scope.ServiceProvider.GetRequiredService<MessageDispatcher>();
                foreach (var due in await dispatcher.LoadAsync(ids, ct))
                {
                    if (await CheckAsync(dispatcher, due, ct))
                    {
                        sendable.Add(due);
                    }
                }
            }
            catch
            {
                await ReleaseAsync(ids);
                throw;
            }
        }
        var recorded = 0;
        try
        {
            recorded = await SendPacedAsync(sendable, oneWriter, ct);
        }
        finally
        {
            // A record lets go of its message's lease; only what was not recorded needs releasing.
            if (recorded < ids.Count)
            {
                await ReleaseAsync(ids);
            }
        }
        return ids.Count;
    }

    private async Task<bool> CheckAsync(MessageDispatcher dispatcher, DueMessage due, CancellationToken ct)
    {
        try
        {
            return await dispatcher.CheckAsync(due, ct) is null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One message's trouble must not stop the others; it is still queued for a later batch.
            log.LogError(e, "Checking message {Id} failed; it stays queued.", due.Message.Id);
            return false;
        }
    }

    /// <summary>
    /// A group holds at most this many times <see cref="MessagingSettings.SendConcurrency"/> messages: its
    /// four round trips are shared by that many, and its bookings are held until the whole group is
    /// recorded (at Twilio's usual fifth of a second an answer, about a second for 32 at 8 at once).
    /// </summary>
    public const int GroupOfConcurrency = 4;

    /// <summary>
    /// Each message waits for its token; whatever has its token when a group starts goes in it, so with
    /// pacing off the groups are full and with pacing on a group is what the rate allows right now. Two
    /// groups run at once, so one's round trips to the database overlap the other's provider calls,
    /// and one gate keeps the batch within <see cref="MessagingSettings.SendConcurrency"/> at the
    /// provider. On SQLite a group holds the one write lock, so there groups are one concurrency's worth and take turns.
    /// </summary>
    private async Task<int> SendPacedAsync(List<DueMessage> sendable, bool oneWriter, CancellationToken ct)
    {
        var ready = System.Threading.Channels.Channel.CreateUnbounded<DueMessage>(new() { SingleReader = true });
        var paced = Task.WhenAll(sendable.Select(async due =>
        {
            try
            {
                await pacer.WaitAsync(due.Message.Channel, ct);
                ready.Writer.TryWrite(due);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The shared budget could not be read: this message stays queued, the next batch offers it again.
                log.LogWarning(e, "No send token for message {Id}; it stays queued.", due.Message.Id);
            }
        }));
        _ = paced.ContinueWith(_ => ready.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var recorded = 0;
        var groupSize = oneWriter ? settings.SendConcurrency : settings.SendConcurrency * GroupOfConcurrency;
        var running = new List<Task<int>>();
        using var atProvider = new SemaphoreSlim(settings.SendConcurrency);
        try
        {
            while (await ready.Reader.WaitToReadAsync(ct))
            {
                if (running.Count == (oneWriter ? 1 : 2))
                {
                    var done = await Task.WhenAny(running);
                    recorded += done.Result;
                    running.Remove(done);
                }
                var group = new List<DueMessage>(groupSize);
                while (group.Count < groupSize && ready.Reader.TryRead(out var due))
                {
                    group.Add(due);
                }
                running.Add(SendGroupAsync(group, atProvider, ct));
            }
        }
        finally
        {
            // Every group started is let finish (or fail) before the gate goes.
            await Task.WhenAll(running);
        }
        await paced;
        return recorded + running.Sum(t => t.Result);
    }

    /// <summary>Returns how many of the group were recorded (all, or none when it failed).</summary>
    private async Task<int> SendGroupAsync(List<DueMessage> group, SemaphoreSlim atProvider, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().SendAsync(group, atProvider, ct);
            return group.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database hiccup must not stop the other groups; these are still queued (or recorded), and
            // the next batch after their lease tries again what is queued.
            log.LogError(e, "Sending a group of {Count} messages failed; what was not recorded stays queued.", group.Count);
            return 0;
        }
    }

    /// <summary>What is still queued (a retry later, not due after all) is free for the next batch at its time.</summary>
    private async Task ReleaseAsync(List<Guid> ids)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
            await db.OutboundMessages.Where(m => ids.Contains(m.Id) && m.Status == DeliveryStatus.Queued && m.LeasedUntil != null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, (Instant?)null), CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not release a batch of {Count} messages; their lease runs out by itself.", ids.Count);
        }
    }
}
