using Allo.Domain.Bookings;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Takes a batch of due messages straight from the outbox and sends them concurrently, each through
/// <see cref="MessageDispatcher"/> with its own database context, so every per-message guarantee
/// (version and opt-out checked first, the booking row held, bounded retries, fallback, the one
/// duplicate window) is exactly the single-message path's. The batch is leased: other nodes skip the
/// rows (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer), so N nodes share the work
/// without waiting for each other. See docs/decisions/0027-the-outbox-is-drained-in-batches.md.
/// </summary>
public sealed class OutboxBatch(IServiceScopeFactory scopes, MessagingSettings settings, IClock clock, ILogger<OutboxBatch> log)
{
    /// <summary>
    /// Long enough for a whole batch at the slowest pace (a call a second); if it runs out anyway,
    /// another node may take the rest, which costs only work (the claim still sends once).
    /// </summary>
    public static readonly Duration Lease = Duration.FromMinutes(5);

    /// <summary>Sends one batch; returns how many messages it took (fewer than the batch size: the outbox is drained for now).</summary>
    public async Task<int> SendAsync(CancellationToken ct)
    {
        var (ids, oneWriter) = await ClaimAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        try
        {
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = oneWriter ? 1 : settings.SendConcurrency, CancellationToken = ct }, async (id, token) =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(id, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One message's trouble (a database hiccup) must not stop the others; it is still
                    // queued, and the next batch after its lease tries it again.
                    log.LogError(e, "Dispatching message {Id} failed; it stays queued.", id);
                }
            });
        }
        finally
        {
            await ReleaseAsync(ids);
        }
        return ids.Count;
    }

    /// <remarks>
    /// On SQLite a send holds the database's one write lock while the provider answers, so sending
    /// concurrently there would only queue for that lock: one at a time.
    /// </remarks>
    private async Task<(List<Guid> Ids, bool OneWriter)> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
        var now = clock.GetCurrentInstant();
        var until = now + Lease;
        // On SQLite the transaction is immediate: it holds the one write lock from the first read.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = db.Database.IsNpgsql()
            ? db.OutboundMessages.FromSql($"""
                SELECT * FROM "OutboundMessages"
                WHERE "Status" = 'Queued' AND "NextAttemptAt" <= {now.ToDateTimeUtc()} AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= {now.ToDateTimeUtc()})
                ORDER BY "NextAttemptAt" LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            : db.OutboundMessages
                .Where(m => m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil <= now))
                .OrderBy(m => m.NextAttemptAt)
                .Take(settings.BatchSize);
        var ids = await due.AsNoTracking().Select(m => m.Id).ToListAsync(ct);
        if (ids.Count > 0)
        {
            await db.OutboundMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, until), ct);
        }
        await tx.CommitAsync(ct);
        return (ids, db.Database.IsSqlite());
    }

    /// <summary>What is still queued (a retry later, not due after all) is free for the next batch at its time.</summary>
    private async Task ReleaseAsync(List<Guid> ids)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
            await db.OutboundMessages.Where(m => ids.Contains(m.Id) && m.Status == DeliveryStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, (Instant?)null), CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not release a batch of {Count} messages; their lease runs out by itself.", ids.Count);
        }
    }
}
