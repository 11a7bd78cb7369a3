using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// One provider budget shared by every job node ("sms", "voice"): a token bucket kept as one instant
/// (the generic cell rate algorithm). A token is earned every <see cref="SendRate.Interval"/>, and
/// every token earned before <see cref="SpentUntil"/> has been given out; earnings older than one
/// burst are forgotten, so a full bucket holds <see cref="SendRate.Burst"/> tokens
/// (docs/decisions/0028-one-send-rate-for-the-cluster.md).
/// </summary>
public sealed class SendBudget
{
    public const string Sms = "sms";
    public const string Voice = "voice";

    public string Name { get; set; } = "";
    public Instant SpentUntil { get; set; }
}

/// <summary>
/// A rate in whole microseconds, so that every node computes the same instants and they survive a
/// round trip through either database exactly (PostgreSQL keeps microseconds).
/// </summary>
public sealed record SendRate
{
    public SendRate(double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        // Rounded up, so rounding never sends faster than configured.
        Interval = Duration.FromTicks((long)Math.Ceiling(1_000_000 / perSecond) * 10);
        Burst = Math.Max(1, (int)Math.Floor(perSecond));
        Grant = Math.Clamp((int)Math.Floor(perSecond / 4), 1, Burst);
    }

    /// <summary>The time in which one token is earned.</summary>
    public Duration Interval { get; }

    /// <summary>The tokens a full bucket holds: one second's worth (at least one).</summary>
    public int Burst { get; }

    /// <summary>The most a node takes in one round trip: a quarter second's worth (at least one).</summary>
    public int Grant { get; }
}

/// <summary>What one take got: how many tokens, and the budget's <see cref="SendBudget.SpentUntil"/> after it.</summary>
public readonly record struct BudgetTake(int Granted, Instant SpentUntil);

/// <summary>
/// Takes tokens from a shared budget with a read and a conditional update (the update applies only
/// if nobody changed the row since it was read, the way agents' claims work, decision 0007): no lock
/// is held across a round trip, the same statements run on both providers, and a node that loses the
/// race reads again. Time is the caller's, never the database's, so a test can drive it.
/// </summary>
public sealed class SendBudgets(IServiceScopeFactory scopes)
{
    public async Task<BudgetTake> TakeAsync(string budget, SendRate rate, int want, Instant now, CancellationToken ct)
    {
        var burst = rate.Interval * rate.Burst;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
        while (true)
        {
            var seen = await db.SendBudgets.AsNoTracking().Where(b => b.Name == budget).Select(b => b.SpentUntil).SingleAsync(ct);
            // A node whose clock is behind another's sees SpentUntil in its future and earns nothing until
            // its clock gets there: skew delays sends, it never adds tokens.
            var start = Instant.Max(seen, now - burst);
            var earned = now > start ? (int)Math.Min((now - start).BclCompatibleTicks / rate.Interval.BclCompatibleTicks, rate.Burst) : 0;
            var granted = Math.Min(want, earned);
            if (granted == 0)
            {
                return new BudgetTake(0, seen);
            }
            var spentUntil = start + rate.Interval * granted;
            var changed = await db.SendBudgets
                .Where(b => b.Name == budget && b.SpentUntil == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.SpentUntil, spentUntil), ct);
            if (changed == 1)
            {
                return new BudgetTake(granted, spentUntil);
            }
        }
    }
}
