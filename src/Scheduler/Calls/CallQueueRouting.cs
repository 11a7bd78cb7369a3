using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Calls;

/// <summary>
/// The queue as one agent sees it, and the claim: calls go to agents who speak their language and have
/// the skill they need (docs/decisions/0017); the claim is a conditional update (docs/decisions/0007)
/// in a transaction that also holds the agent's account, so a deactivation cannot cross it.
/// </summary>
public sealed partial class CallQueue
{
    /// <summary>How many of the oldest due calls in (or outside) the agent's languages one view reads.</summary>
    private const int Window = PageSize * 4;

    public async Task<QueueView> ViewAsync(string agentId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var horizon = now + Ahead;
        var ability = await SeenAsync(agentId, now, ct);
        var languages = ability.Languages.ToList();
        var mine = await db.Bookings.AsNoTracking()
            .Where(b => BookingStatuses.Active.Contains(b.Status) && b.ClaimedBy == agentId && b.ClaimExpiresAt > now)
            .OrderBy(b => b.SlotStart)
            .Take(PageSize)
            .ToListAsync(ct);
        // The language is a column; the skill a call needs comes from its plan, so it is checked here
        // on the oldest Window calls in the agent's languages.
        var inMyLanguages = await Due(now).Where(b => languages.Contains(b.Language))
            .OrderBy(b => b.SlotStart).ThenBy(b => b.QueuedAt)
            .Take(Window)
            .ToListAsync(ct);
        var dueNow = inMyLanguages.Where(b => ability.Serves(CallNeed.Of(b))).Take(PageSize).ToList();
        var lackingSkill = inMyLanguages.Where(b => !ability.Serves(CallNeed.Of(b))).ToList();
        var otherLanguages = await Due(now).CountAsync(b => !languages.Contains(b.Language), ct);
        IReadOnlyList<Booking> overflow = [];
        if (routing.Mode == RoutingMode.Overflow && otherLanguages + lackingSkill.Count > 0)
        {
            var unsuitable = (await Due(now).Where(b => !languages.Contains(b.Language))
                    .OrderBy(b => b.SlotStart).ThenBy(b => b.QueuedAt)
                    .Take(Window)
                    .ToListAsync(ct))
                .Concat(lackingSkill)
                .OrderBy(b => b.SlotStart).ThenBy(b => b.QueuedAt);
            var free = await FreeAgentsAsync(agentId, now, ct);
            overflow = [.. unsuitable.Where(b => !free.Any(a => a.Serves(CallNeed.Of(b)))).Take(PageSize)];
        }
        var next = await db.Bookings.AsNoTracking()
            .Where(b => ((b.Status == BookingStatus.Booked && b.SlotStart <= horizon) || (b.Status == BookingStatus.Queued && b.NextTryAt > now))
                && (b.ClaimedBy == null || b.ClaimExpiresAt <= now) && languages.Contains(b.Language))
            .OrderBy(b => b.NextTryAt ?? b.SlotStart)
            .Take(Window)
            .ToListAsync(ct);
        var others = await db.Bookings.CountAsync(
            b => BookingStatuses.Active.Contains(b.Status) && b.ClaimedBy != null && b.ClaimedBy != agentId && b.ClaimExpiresAt > now, ct);
        return new QueueView([.. mine.Select(QueueItem.From)], [.. dueNow.Select(QueueItem.From)],
            [.. next.Where(b => ability.Serves(CallNeed.Of(b))).Take(PageSize).Select(QueueItem.From)], others,
            [.. overflow.Select(QueueItem.From)], otherLanguages + lackingSkill.Count - overflow.Count, languages.Count == 0);
    }

    /// <summary>Booking.IsDue as a query: in the queue, a second try's time has come, and nobody holds it.</summary>
    private IQueryable<Booking> Due(Instant now) => db.Bookings.AsNoTracking()
        .Where(b => b.Status == BookingStatus.Queued && b.NextTryAt <= now && (b.ClaimedBy == null || b.ClaimExpiresAt <= now));

    /// <summary>
    /// The agent's languages and skills, and a note that they have the queue open (at most once every
    /// <see cref="CallRouting.PresenceEvery"/>): what "free" is measured by. Unknown or deactivated: nothing.
    /// </summary>
    private async Task<AgentAbility> SeenAsync(string agentId, Instant now, CancellationToken ct)
    {
        var agent = await db.Users.AsNoTracking().Where(u => u.Id == agentId && u.DeactivatedAt == null)
            .Select(u => new { u.Languages, u.Skills }).FirstOrDefaultAsync(ct);
        if (agent is null)
        {
            return AgentAbility.Nothing;
        }
        var stale = now - CallRouting.PresenceEvery;
        var touched = await db.AgentPresence.Where(p => p.AgentId == agentId && (p.SeenAt <= stale || p.SeenAt > now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SeenAt, now), ct);
        if (touched == 0 && !await db.AgentPresence.AnyAsync(p => p.AgentId == agentId, ct))
        {
            db.AgentPresence.Add(new AgentPresence { AgentId = agentId, SeenAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A second tab of the same agent wrote it at the same moment: it is there either way.
            }
            db.ChangeTracker.Clear();
        }
        return AgentAbility.Of(agent.Languages, agent.Skills);
    }

    /// <summary>
    /// The languages and skills of every free agent but <paramref name="except"/>: active, had the queue
    /// open within <see cref="CallRouting.SeenWithin"/>, and holding no call now.
    /// </summary>
    private async Task<List<AgentAbility>> FreeAgentsAsync(string except, Instant now, CancellationToken ct)
    {
        var since = now - CallRouting.SeenWithin;
        var free = await db.Users.AsNoTracking()
            .Where(u => u.Id != except && u.DeactivatedAt == null
                && db.AgentPresence.Any(p => p.AgentId == u.Id && p.SeenAt >= since)
                && !db.Bookings.Any(b => b.ClaimedBy == u.Id && b.ClaimExpiresAt > now && BookingStatuses.Active.Contains(b.Status)))
            .Select(u => new { u.Languages, u.Skills })
            .Distinct()
            .ToListAsync(ct);
        return [.. free.Select(a => AgentAbility.Of(a.Languages, a.Skills))];
    }

    /// <summary>
    /// Takes a call for <paramref name="agentId"/>. A call they cannot serve by the routing rules needs
    /// <paramref name="reason"/>, recorded with the claim in one transaction; without one nothing
    /// changes (<see cref="ClaimResult.ReasonRequired"/>). A deactivated agent's claim never lands.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(Guid bookingId, string agentId, string? reason = null, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var said = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (said is not null && (said.Length > ClaimReason.MaxLength || !FreeText.IsAcceptable(said, multiline: true)))
        {
            // The page says what is wrong; this is the rule for any other caller.
            return ClaimResult.ReasonRequired;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // Holds the agent's row until the claim commits: a deactivation (an UPDATE of that row) waits,
            // and then finds the call to give back; or it committed first, and the read below sees it.
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = {agentId} FOR SHARE", ct);
        }
        // On SQLite the transaction began with the write lock (BEGIN IMMEDIATE): nobody writes meanwhile.
        var agent = await db.Users.AsNoTracking().Where(u => u.Id == agentId && u.DeactivatedAt == null)
            .Select(u => new { u.Languages, u.Skills }).FirstOrDefaultAsync(ct);
        if (agent is null)
        {
            return ClaimResult.AgentInactive;
        }
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null)
        {
            return ClaimResult.NotFound;
        }
        var now = clock.GetCurrentInstant();
        try
        {
            booking.Claim(agentId, now, policy);
        }
        catch (BookingRuleException e)
        {
            return e.Problem == BookingProblem.ClaimedByOther ? ClaimResult.TakenByOther : ClaimResult.NotAvailable;
        }
        var need = CallNeed.Of(booking);
        if (!AgentAbility.Of(agent.Languages, agent.Skills).Serves(need))
        {
            if (said is null)
            {
                // Nothing is saved: the transaction rolls back as it is disposed.
                db.ChangeTracker.Clear();
                return ClaimResult.ReasonRequired;
            }
            db.ClaimReasons.Add(new ClaimReason(booking.Id, agentId, now, need, said));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return ClaimResult.Claimed;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed the row between our read and our write: most often another agent's claim.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var current = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
            return current is not null && current.IsClaimedByOther(agentId, now) ? ClaimResult.TakenByOther : ClaimResult.NotAvailable;
        }
    }

    /// <summary>The agent gives a callback back; false when they did not hold it.</summary>
    public async Task<bool> ReleaseAsync(Guid bookingId, string agentId, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null || booking.ClaimedBy != agentId)
        {
            return false;
        }
        booking.Release(agentId);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// A deactivated agent's calls go back to the queue at once, not when their claims expire. Guarded:
    /// an active agent's claims are theirs, so this does nothing for them. Returns how many went back.
    /// </summary>
    public async Task<int> ReturnClaimsOfDeactivatedAsync(string agentId, CancellationToken ct = default)
    {
        for (var round = 0; round < 5; round++)
        {
            db.ChangeTracker.Clear();
            if (!await db.Users.AnyAsync(u => u.Id == agentId && u.DeactivatedAt != null, ct))
            {
                return 0;
            }
            var held = await db.Bookings.Where(b => b.ClaimedBy == agentId).ToListAsync(ct);
            if (held.Count == 0)
            {
                return 0;
            }
            foreach (var booking in held)
            {
                booking.Release(agentId);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return held.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // One changed meanwhile (its outcome recorded, or the slot moved): read them again.
            }
        }
        return 0;
    }
}
