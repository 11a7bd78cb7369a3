using NodaTime;

namespace Allo.Domain.Calls;

/// <summary>What an agent records after trying to call a citizen.</summary>
public enum CallOutcome
{
    /// <summary>The citizen was helped; a thank-you with a feedback question follows.</summary>
    Helped,
    /// <summary>Nobody answered: a second try within the slot, then an offer to book again.</summary>
    NoAnswer,
    /// <summary>The number is not the citizen's: it is never called or texted again for this booking.</summary>
    WrongNumber,
    /// <summary>The citizen asked for another time: the agent moves the call.</summary>
    AnotherTime,
    /// <summary>The call took place but the question needs more work.</summary>
    NeedsFollowUp,
}

/// <summary>
/// How the service tries to reach a citizen: how many tries, how long between them, and how long an
/// agent holds a callback they claimed before it returns to the queue.
/// </summary>
public sealed record CallPolicy
{
    public int Tries { get; init; } = 2;
    public Duration RetryAfter { get; init; } = Duration.FromMinutes(5);
    public Duration ClaimHold { get; init; } = Duration.FromMinutes(20);

    /// <summary>
    /// When the next try is due after no answer at <paramref name="now"/>: after <see cref="RetryAfter"/>,
    /// but still inside the slot the citizen chose (never later than five minutes before its end, and
    /// never earlier than now). A first try late in the slot is followed by the second straight away.
    /// </summary>
    public Instant NextTry(Instant now, Instant slotEnd)
    {
        var latest = Instant.Max(now, slotEnd - Duration.FromMinutes(5));
        return Instant.Min(now + RetryAfter, latest);
    }
}

/// <summary>One try at a call, as the agent recorded it: the outcome, when, by whom, with their note.</summary>
public sealed class CallRecord
{
    private CallRecord()
    {
        AgentId = null!;
    }

    public Guid Id { get; private set; }
    public Guid BookingId { get; private set; }
    /// <summary>1 for the first try, 2 for the second.</summary>
    public int Attempt { get; private set; }
    public CallOutcome Outcome { get; private set; }
    public string AgentId { get; private set; }
    /// <summary>The agent's words; personal data, erased with the booking after the retention period.</summary>
    public string? Note { get; private set; }
    public Instant At { get; private set; }

    public const int NoteMaxLength = 2000;

    internal static CallRecord For(Guid bookingId, int attempt, CallOutcome outcome, string agentId, string? note, Instant at) => new()
    {
        Id = Guid.CreateVersion7(at.ToDateTimeOffset()),
        BookingId = bookingId,
        Attempt = attempt,
        Outcome = outcome,
        AgentId = agentId,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, NoteMaxLength)],
        At = at,
    };
}
