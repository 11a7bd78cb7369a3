namespace Allo.Domain.Bookings;

/// <summary>
/// The one status vocabulary for a booking, from the citizen's booking to the end of the call.
/// Which status may follow which is decided here, in <see cref="BookingStatuses.CanBecome"/>, and
/// <see cref="Booking"/> refuses every other transition.
/// </summary>
public enum BookingStatus
{
    /// <summary>A seat is held; the citizen will be called at the slot time.</summary>
    Booked,
    /// <summary>The slot time has come: the callback waits in the agents' queue (first or second try).</summary>
    Queued,
    /// <summary>An agent reached the citizen and helped them; a thank-you with a feedback question follows.</summary>
    Helped,
    /// <summary>Nobody answered, twice; the citizen is offered to book again.</summary>
    Unreached,
    /// <summary>The number reached someone else, or no one: it cannot be used again.</summary>
    WrongNumber,
    /// <summary>The call took place but the question needs more work by the service.</summary>
    NeedsFollowUp,
    /// <summary>The citizen (or the service on their behalf) cancelled; the seat is free again.</summary>
    Cancelled,
    /// <summary>
    /// The day's opening hours ended and nobody had called: the service closed it, gave the seat back
    /// and told the citizen how to book again (Calls:EndOfDay).
    /// </summary>
    NotCalled,
    /// <summary>A seat held for a citizen on the waitlist until they answer the offer; not yet theirs, never called.</summary>
    Offered,
    /// <summary>A waitlist offer that expired, was declined or withdrawn; its seat went back.</summary>
    OfferLapsed,
}

public static class BookingStatuses
{
    /// <summary>Statuses that hold a seat and count as the phone number's one active booking.</summary>
    public static IReadOnlyList<BookingStatus> Active { get; } = [BookingStatus.Booked, BookingStatus.Queued];

    /// <summary>How a call ended: nothing follows these.</summary>
    public static IReadOnlyList<BookingStatus> Closed { get; } =
        [BookingStatus.Helped, BookingStatus.Unreached, BookingStatus.WrongNumber, BookingStatus.NeedsFollowUp, BookingStatus.NotCalled];

    public static bool IsActive(this BookingStatus status) => Active.Contains(status);

    // The legal transitions, all of them. Booked → Booked is a move (by the citizen, or by an agent
    // when the citizen asks for another time); Queued → Queued is the second try after no answer.
    private static readonly Dictionary<BookingStatus, BookingStatus[]> Next = new()
    {
        [BookingStatus.Booked] =
        [
            BookingStatus.Booked, BookingStatus.Queued, BookingStatus.Cancelled,
            BookingStatus.Helped, BookingStatus.Unreached, BookingStatus.WrongNumber, BookingStatus.NeedsFollowUp,
            BookingStatus.NotCalled,
        ],
        [BookingStatus.Queued] =
        [
            BookingStatus.Booked, BookingStatus.Queued,
            BookingStatus.Helped, BookingStatus.Unreached, BookingStatus.WrongNumber, BookingStatus.NeedsFollowUp,
            BookingStatus.NotCalled,
        ],
        [BookingStatus.Helped] = [],
        [BookingStatus.Unreached] = [],
        [BookingStatus.WrongNumber] = [],
        [BookingStatus.NeedsFollowUp] = [],
        [BookingStatus.Cancelled] = [],
        [BookingStatus.NotCalled] = [],
        [BookingStatus.Offered] = [BookingStatus.Booked, BookingStatus.OfferLapsed],
        [BookingStatus.OfferLapsed] = [],
    };

    public static bool CanBecome(this BookingStatus from, BookingStatus to) => Next[from].Contains(to);
}
