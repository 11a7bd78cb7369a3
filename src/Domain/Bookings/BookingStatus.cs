namespace Allo.Domain.Bookings;

/// <summary>The one status vocabulary for a booking. Transitions are guarded by <see cref="Booking"/>.</summary>
public enum BookingStatus
{
    /// <summary>A seat is held; the citizen will be called at the slot time.</summary>
    Booked,
    /// <summary>The citizen (or the service on their behalf) cancelled; the seat is free again.</summary>
    Cancelled,
}

public static class BookingStatuses
{
    /// <summary>Statuses that hold a seat and count as the phone number's one active booking.</summary>
    public static IReadOnlyList<BookingStatus> Active { get; } = [BookingStatus.Booked];

    public static bool IsActive(this BookingStatus status) => Active.Contains(status);
}
