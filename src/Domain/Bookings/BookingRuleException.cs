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
}

/// <summary>A change the rules do not allow; nothing was changed.</summary>
public sealed class BookingRuleException(BookingProblem problem, string message) : InvalidOperationException(message)
{
    public BookingProblem Problem { get; } = problem;
}
