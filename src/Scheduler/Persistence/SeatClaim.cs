using NodaTime;

namespace Allo.Scheduler.Persistence;

/// <summary>
/// One seat of one slot held by one booking. The primary key (slot, seat number) is what makes
/// overbooking impossible: two bookings racing for the same seat cannot both be inserted, on any
/// provider and from any number of web nodes.
/// </summary>
public sealed class SeatClaim
{
    public Instant SlotStart { get; set; }
    public int Seat { get; set; }
    public Guid BookingId { get; set; }
}
