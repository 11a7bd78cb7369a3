using NodaTime;

namespace Allo.Domain.Slots;

public enum AdjustmentKind
{
    /// <summary>No calls on these days (a closure, a strike, a training day).</summary>
    Closed,
    /// <summary>More agents on shift every hour of these days (the weeks before the filing deadline).</summary>
    Extra,
}

/// <summary>
/// A manager's change to the weekly capacity for a range of dates. Public holidays need none: the
/// calendar closes them already.
/// </summary>
public sealed class CapacityAdjustment
{
    private CapacityAdjustment()
    {
        Reason = null!;
    }

    public Guid Id { get; private set; }
    public LocalDate From { get; private set; }
    public LocalDate To { get; private set; }
    public AdjustmentKind Kind { get; private set; }
    /// <summary>Agents added to every hour, for <see cref="AdjustmentKind.Extra"/>.</summary>
    public int ExtraAgents { get; private set; }
    public string Reason { get; private set; }
    public Instant CreatedAt { get; private set; }

    public const int MaxExtraAgents = 500;

    public static CapacityAdjustment Close(LocalDate from, LocalDate to, string reason, Instant now) =>
        Create(from, to, AdjustmentKind.Closed, 0, reason, now);

    public static CapacityAdjustment AddAgents(LocalDate from, LocalDate to, int extraAgents, string reason, Instant now) =>
        extraAgents is < 1 or > MaxExtraAgents
            ? throw new ArgumentOutOfRangeException(nameof(extraAgents), extraAgents, $"Extra agents are 1 to {MaxExtraAgents}.")
            : Create(from, to, AdjustmentKind.Extra, extraAgents, reason, now);

    public bool Covers(LocalDate date) => date >= From && date <= To;

    private static CapacityAdjustment Create(LocalDate from, LocalDate to, AdjustmentKind kind, int extra, string reason, Instant now)
    {
        if (to < from)
        {
            throw new ArgumentException("The last day is before the first.", nameof(to));
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Say why, so colleagues understand the change.", nameof(reason));
        }
        return new CapacityAdjustment
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()),
            From = from,
            To = to,
            Kind = kind,
            ExtraAgents = extra,
            Reason = reason.Trim(),
            CreatedAt = now,
        };
    }
}
