using NodaTime;

namespace Allo.Scheduler.Waitlist;

/// <summary>How an offer to a citizen on the waitlist ended, for their late answers and the managers' figures.</summary>
public enum OfferOutcome
{
    /// <summary>The seat is held and the citizen can say yes.</summary>
    Open,
    /// <summary>They said yes in time: the held seat became their booking.</summary>
    Taken,
    /// <summary>No answer in time: the seat passed to the next in line.</summary>
    Expired,
    /// <summary>They said no (or booked another time, or left the list while it was open).</summary>
    Declined,
}

/// <summary>
/// One offer of one held seat to one waitlist entry. The open one is the entry's only one (a unique
/// index on the entry among open offers), and a slot is never offered twice to the same entry.
/// </summary>
public sealed class WaitlistOffer
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    /// <summary>The provisional booking (status Offered) whose seat claims hold the seat.</summary>
    public Guid BookingId { get; set; }
    public Instant SlotStart { get; set; }
    public Instant OfferedAt { get; set; }
    public Instant ExpiresAt { get; set; }
    public OfferOutcome Outcome { get; set; }
    public Instant? ClosedAt { get; set; }
}
