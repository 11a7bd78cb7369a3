namespace Allo.Domain.Bookings;

/// <summary>Why a change to a booking was refused. Each has a message in every language.</summary>
public enum BookingProblem
{
    NotActive,
    SameSlot,
    CallAlreadyStarted,
    /// <summary>The contact rules found no way to reach the citizen.</summary>
    Unreachable,
    /// <summary>Personal data is kept for the retention period after the call.</summary>
    NotYetErasable,
    /// <summary>The status cannot follow the current one (see <see cref="BookingStatuses.CanBecome"/>).</summary>
    IllegalTransition,
    /// <summary>The call's time has not come yet: it cannot be queued or given an outcome.</summary>
    NotDue,
    /// <summary>Another agent holds the callback.</summary>
    ClaimedByOther,
    /// <summary>Only the agent who claimed the callback may record how it went.</summary>
    NotClaimed,
}

/// <summary>A change the rules do not allow; nothing was changed.</summary>
public sealed class BookingRuleException(BookingProblem problem, string message) : InvalidOperationException(message)
{
    public BookingProblem Problem { get; } = problem;
}
