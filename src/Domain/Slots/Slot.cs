using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>One callback time. Instants are the truth; the local start is kept for display.</summary>
public readonly record struct Slot(Instant Start, Instant End, LocalDateTime LocalStart)
{
    public LocalDate LocalDate => LocalStart.Date;
}

/// <summary>Why a slot cannot be booked; the web and API map each to a message.</summary>
public enum SlotProblem
{
    None,
    NotAnOpeningTime,
    TooSoon,
    BeyondHorizon,
    InThePast,
    /// <summary>The call needs more than one slot and the slots after this one are not open.</summary>
    TooShort,
    /// <summary>The call goes through the relay service, which is closed for part of it.</summary>
    OutsideRelayHours,
}
