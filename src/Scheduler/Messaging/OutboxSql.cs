using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// The outbox's set-based statements, which must say which rows they changed. On PostgreSQL each is one
/// statement over the whole group (<c>= ANY</c>, <c>RETURNING</c>): a round trip per group, not per
/// message. SQLite runs in-process with one writer, so there a statement per message costs no round trip.
/// </summary>
internal static class OutboxSql
{
    /// <summary>Takes up to <paramref name="size"/> due, queued, unleased messages, oldest first, and leases them to this node until <paramref name="until"/>.</summary>
    public static async Task<List<Guid>> LeaseAsync(AlloDbContext db, Instant now, Instant until, int size, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // Rows another node is leasing right now are skipped, not waited for.
            return await db.Database.SqlQuery<Guid>($"""
                UPDATE "OutboundMessages" SET "LeasedUntil" = {until.ToDateTimeUtc()}
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboundMessages"
                    WHERE "Status" = 'Queued' AND "NextAttemptAt" <= {now.ToDateTimeUtc()} AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= {now.ToDateTimeUtc()})
                    ORDER BY "NextAttemptAt" LIMIT {size}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(ct);
        }
        // The transaction is immediate: it holds the one write lock from the first read.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(size)
            .Select(m => m.Id)
            .ToListAsync(ct);
        if (ids.Count > 0)
        {
            await db.OutboundMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, until), ct);
        }
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>Counts a provider call for each message still queued, committed at once; returns those it counted.</summary>
    public static async Task<HashSet<Guid>> MarkProviderCallsAsync(AlloDbContext db, Guid[] ids, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return [.. await db.Database.SqlQuery<Guid>($"""
                UPDATE "OutboundMessages" SET "ProviderCalls" = "ProviderCalls" + 1
                WHERE "Id" = ANY({ids}) AND "Status" = 'Queued'
                RETURNING "Id" AS "Value"
                """).ToListAsync(ct)];
        }
        var marked = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (await db.OutboundMessages.Where(m => m.Id == id && m.Status == DeliveryStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderCalls, m => m.ProviderCalls + 1), ct) == 1)
            {
                marked.Add(id);
            }
        }
        return marked;
    }

    /// <summary>
    /// Claims each message only while its booking still has the version it was written for, and holds
    /// the bookings while the group is sent: a concurrent move or cancel waits until the group is
    /// recorded. On PostgreSQL the claim itself locks the bookings FOR SHARE (a move or cancel needs
    /// them FOR UPDATE); on SQLite the claim, the first write of the transaction, takes the database's
    /// write lock, with the same effect. Must run in the transaction that records the outcomes.
    /// </summary>
    public static async Task<HashSet<Guid>> ClaimAsync(AlloDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return [.. await db.Database.SqlQuery<Guid>($"""
                UPDATE "OutboundMessages" AS m SET "Status" = 'Sending', "Attempts" = m."Attempts" + 1
                WHERE m."Id" = ANY({ids.ToArray()}) AND m."Status" = 'Queued'
                  AND EXISTS (SELECT 1 FROM "Bookings" AS b WHERE b."Id" = m."BookingId" AND b."Sequence" = m."BookingSequence" FOR SHARE)
                RETURNING m."Id" AS "Value"
                """).ToListAsync(ct)];
        }
        var claimed = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (await db.OutboundMessages
                .Where(m => m.Id == id && m.Status == DeliveryStatus.Queued && db.Bookings.Any(b => b.Id == m.BookingId && b.Sequence == m.BookingSequence))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, DeliveryStatus.Sending)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct) == 1)
            {
                claimed.Add(id);
            }
        }
        return claimed;
    }
}
