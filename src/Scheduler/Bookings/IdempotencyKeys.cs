using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// A request a client sent with an Idempotency-Key, and the answer it got: a retry with the same key
/// and the same request gets that answer again instead of a second booking (or "already booked").
/// In the database, so whichever node a retry reaches answers the same.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The client's key.</summary>
    public required string Key { get; init; }

    /// <summary>What the key was used for ("Book", "Reschedule:K7M4QX"): the same key may serve two operations.</summary>
    public required string Operation { get; init; }

    /// <summary>SHA-256 of the request as the endpoint read it, hex: another body under the same key is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The answer's status; 0 while the first request is still being answered.</summary>
    public int Status { get; set; }

    /// <summary>The answer (body and headers), encrypted: it holds the citizen's details and the manage token.</summary>
    public string? Response { get; set; }

    /// <summary>The booking the answer is about, so the key is erased with the booking's personal data.</summary>
    public string? Reference { get; set; }

    public Instant CreatedAt { get; init; }

    public Instant ExpiresAt { get; init; }
}

/// <summary>Reserves, completes and finds idempotency keys; each step commits at once.</summary>
public sealed class IdempotencyKeys(AlloDbContext db, IClock clock)
{
    /// <summary>How long an answer is kept for retries.</summary>
    public static readonly Duration Lifetime = Duration.FromHours(24);

    /// <summary>A request still "in progress" after this long died with its node: a retry may take it over.</summary>
    public static readonly Duration Abandoned = Duration.FromMinutes(2);

    public Task<IdempotencyRecord?> FindAsync(string key, string operation, CancellationToken ct) =>
        db.Set<IdempotencyRecord>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Key == key && r.Operation == operation && r.ExpiresAt > clock.GetCurrentInstant(), ct);

    /// <summary>Claims the key for a first request; false when another request holds or answered it.</summary>
    public async Task<bool> ReserveAsync(string key, string operation, string requestHash, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        // An expired answer, or a reservation whose node died, no longer holds the key.
        await db.Set<IdempotencyRecord>()
            .Where(r => r.Key == key && r.Operation == operation && (r.ExpiresAt <= now || (r.Status == 0 && r.CreatedAt < now - Abandoned)))
            .ExecuteDeleteAsync(ct);
        var record = new IdempotencyRecord
        {
            Key = key, Operation = operation, RequestHash = requestHash, CreatedAt = now, ExpiresAt = now + Lifetime,
        };
        db.Set<IdempotencyRecord>().Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return false;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    public Task CompleteAsync(string key, string operation, int status, string response, string? reference, CancellationToken ct) =>
        db.Set<IdempotencyRecord>().Where(r => r.Key == key && r.Operation == operation)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.Response, response).SetProperty(r => r.Reference, reference), ct);

    /// <summary>The answer was a fault of the service (5xx): a retry with the key should try again.</summary>
    public Task ReleaseAsync(string key, string operation, CancellationToken ct) =>
        db.Set<IdempotencyRecord>().Where(r => r.Key == key && r.Operation == operation && r.Status == 0).ExecuteDeleteAsync(ct);
}
