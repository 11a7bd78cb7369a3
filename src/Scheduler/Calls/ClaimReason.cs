using Allo.Domain;
using Allo.Scheduler.Staff;
using NodaTime;

namespace Allo.Scheduler.Calls;

/// <summary>
/// Why an agent took a call they cannot serve by the routing rules (another language, or a skill they
/// lack): who, when, which call, in their words. Written in the claim's own transaction; managers read
/// it on the call's page.
/// </summary>
public sealed class ClaimReason
{
    public const int MaxLength = 500;

    private ClaimReason()
    {
        AgentId = null!;
        Reason = null!;
    }

    public ClaimReason(Guid bookingId, string agentId, Instant at, CallNeed need, string reason)
    {
        Id = Guid.CreateVersion7(at.ToDateTimeOffset());
        BookingId = bookingId;
        AgentId = agentId;
        At = at;
        CallLanguage = need.Language;
        NeededSkill = need.Skill;
        Reason = reason;
    }

    public Guid Id { get; private set; }
    public Guid BookingId { get; private set; }
    public string AgentId { get; private set; }
    public Instant At { get; private set; }
    /// <summary>What the call needed when it was taken, since the agent's languages may change later.</summary>
    public Language CallLanguage { get; private set; }
    public StaffSkills NeededSkill { get; private set; }
    public string Reason { get; private set; }
}

/// <summary>When an agent last had the queue open: what "free" is measured by (docs/decisions/0017).</summary>
public sealed class AgentPresence
{
    public required string AgentId { get; init; }
    public Instant SeenAt { get; set; }
}
