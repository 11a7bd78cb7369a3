using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// The outbox's set-based statements, which must say which rows they changed. On PostgreSQL each is one
/// statement over the whole group (<c>= ANY</c>, <c>RETURNING</c>): a round trip per group, not per
/// message. SQLite runs in-process with one writer, so there a statement per message costs no round trip.
/// The statements over a group find their rows by key alone: their status test is written
/// <c>(… = 'Queued') IS TRUE</c>, which no index can answer, because statistics taken in a quiet hour say
/// hardly anything is queued, and at 18:00 forty thousand are, so a plan that scans the status index
/// for "the few queued rows" reads them all for every group (measured: 12 ms instead of 0.7 per group).
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
                WHERE "Id" = ANY({ids}) AND ("Status" = 'Queued') IS TRUE
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
    /// Claims each message only while it is still queued and its booking still has the version it was
    /// written for, and holds both while the group is sent: another run's claim, and a concurrent move
    /// or cancel, wait until the group is recorded. On PostgreSQL the claim writes nothing: it locks the
    /// messages FOR UPDATE and their bookings FOR SHARE (a move or cancel needs them FOR UPDATE), the
    /// bookings first as before, and the record then writes each message once (its status, its attempt).
    /// A waiting claim sees the recorded row and leaves it. On SQLite the claim, the first write of the
    /// transaction, takes the database's write lock, with the same effect. Must run in the transaction
    /// that records the outcomes.
    /// </summary>
    public static async Task<HashSet<Guid>> ClaimAsync(AlloDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return [.. await db.Database.SqlQuery<Guid>($"""
                SELECT m."Id" AS "Value" FROM "OutboundMessages" AS m
                WHERE m."Id" = ANY({ids.ToArray()}) AND (m."Status" = 'Queued') IS TRUE
                  AND EXISTS (SELECT 1 FROM "Bookings" AS b WHERE b."Id" = m."BookingId" AND b."Sequence" = m."BookingSequence" FOR SHARE)
                FOR UPDATE OF m
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

    /// <summary>
    /// Records the messages the provider took, in the claim's transaction: on PostgreSQL one statement
    /// for the whole group, however many it holds; on SQLite a statement each (in-process, no round trip).
    /// </summary>
    public static async Task RecordSentAsync(AlloDbContext db, IReadOnlyList<SentRecord> sent, Instant now, CancellationToken ct)
    {
        if (sent.Count == 0)
        {
            return;
        }
        if (db.Database.IsNpgsql())
        {
            var at = now.ToDateTimeUtc();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "OutboundMessages" AS m
                SET "Status" = r.status, "Attempts" = r.attempts, "LeasedUntil" = NULL, "Provider" = r.provider,
                    "ProviderId" = r.provider_id, "Body" = r.body, "LastError" = NULL, "SentAt" = {at}, "StatusAt" = {at}
                FROM unnest({sent.Select(r => r.Id).ToArray()}, {sent.Select(r => r.Status.ToString()).ToArray()},
                            {sent.Select(r => r.Attempts).ToArray()}, {sent.Select(r => r.Provider).ToArray()},
                            {sent.Select(r => r.ProviderId).ToArray()}, {sent.Select(r => r.Body).ToArray()})
                     AS r(id, status, attempts, provider, provider_id, body)
                WHERE m."Id" = r.id
                """, ct);
            return;
        }
        foreach (var r in sent)
        {
            await db.OutboundMessages.Where(m => m.Id == r.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, r.Status)
                .SetProperty(m => m.Attempts, r.Attempts)
                .SetProperty(m => m.LeasedUntil, (Instant?)null)
                .SetProperty(m => m.Provider, r.Provider)
                .SetProperty(m => m.ProviderId, r.ProviderId)
                .SetProperty(m => m.Body, r.Body)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.StatusAt, now), ct);
        }
    }
}

/// <summary>What the provider's acceptance of one message writes to its row.</summary>
internal sealed record SentRecord(Guid Id, DeliveryStatus Status, int Attempts, string Provider, string? ProviderId, string Body);
