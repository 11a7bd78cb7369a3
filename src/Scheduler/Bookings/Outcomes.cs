using Allo.Domain.Bookings;
using Allo.Domain.Slots;

namespace Allo.Scheduler.Bookings;

/// <summary>Where a call can start, when it would end, and how many more calls of that length still fit.</summary>
public sealed record SlotAvailability(Slot Slot, NodaTime.Instant End, int SeatsLeft);

/// <summary>What happened to a request to book or move. Exactly one of these, never an exception for a rule.</summary>
public abstract record BookingOutcome
{
    private BookingOutcome() { }

    public sealed record Done(Booking Booking, string? ManageToken) : BookingOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : BookingOutcome;

    /// <summary>Someone else took the last seat; here are the next free times.</summary>
    public sealed record SlotFull(IReadOnlyList<SlotAvailability> Alternatives) : BookingOutcome;

    /// <summary>The contact rules found no way to reach the citizen; the reasons say what they can do.</summary>
    public sealed record Unreachable(IReadOnlyList<Domain.Contact.Reason> Reasons) : BookingOutcome;

    /// <summary>This phone number already has an active booking; the citizen can move that one instead.</summary>
    public sealed record PhoneAlreadyBooked : BookingOutcome;

    /// <summary>The booking changed or its call started; what the rule said is in the key.</summary>
    public sealed record Refused(string MessageKey) : BookingOutcome;

    public sealed record NotFound : BookingOutcome;

    /// <summary>The booking is no longer the version the caller read (its sequence moved on): nothing changed.</summary>
    public sealed record Changed : BookingOutcome;
}
