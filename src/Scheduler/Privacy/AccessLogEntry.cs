using NodaTime;

namespace Allo.Scheduler.Privacy;

/// <summary>Why a staff member saw a citizen's personal data.</summary>
public enum AccessReason
{
    /// <summary>An agent's own call: the callback page of a call they hold (the number, the helper, notes), their day's notes.</summary>
    Claim,
    /// <summary>The outcome form: the agent recorded how the call went (or picked another time).</summary>
    Outcome,
    /// <summary>A manager reviewed the citizens' words (the feedback page).</summary>
    Review,
    /// <summary>A CSV export carried the citizens' words.</summary>
    Export,
}

/// <summary>
/// One time a staff member saw a citizen's personal data: who, when, which booking and why. Holds no
/// personal data itself — the booking's reference and id, not its number or name — so it can outlive the
/// booking's erasure and be kept for <see cref="AccessLogSettings.RetentionDays"/>.
/// </summary>
public sealed class AccessLogEntry
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Instant At { get; init; }
    /// <summary>The staff account's id (not its name, which can change).</summary>
    public string StaffId { get; init; } = "";
    public Guid BookingId { get; init; }
    public string Reference { get; init; } = "";
    public AccessReason Reason { get; init; }
}
