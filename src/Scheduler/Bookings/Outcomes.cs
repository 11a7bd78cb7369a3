using Allo.Domain.Bookings;
using Allo.Domain.Slots;

namespace Allo.Scheduler.Bookings;

/// <summary>A slot and how many of its seats are still free.</summary>
public sealed record SlotAvailability(Slot Slot, int Seats, int Taken)
{
    public int SeatsLeft => Math.Max(0, Seats - Taken);
}

/// <summary>What happened to a request to book or move. Exactly one of these, never an exception for a rule.</summary>
public abstract record BookingOutcome
{
    private BookingOutcome() { }

    public sealed record Done(Booking Booking, string? ManageToken) : BookingOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : BookingOutcome;

    /// <summary>Someone else took the last seat; here are the next free times.</summary>
    public sealed record SlotFull(IReadOnlyList<SlotAvailability> Alternatives) : BookingOutcome;

    /// <summary>This phone number already has an active booking; the citizen can move that one instead.</summary>
    public sealed record PhoneAlreadyBooked : BookingOutcome;

    /// <summary>The booking changed or its call started; what the rule said is in the key.</summary>
    public sealed record Refused(string MessageKey) : BookingOutcome;

    public sealed record NotFound : BookingOutcome;
}
