using NodaTime;

namespace Allo.Scheduler.Persistence;

/// <summary>
/// One seat of one slot held by one booking. Only <see cref="Bookings.SeatLedger"/> adds or removes
/// these rows, and a trigger on the table refuses any insert that would hold more seats in a slot than
/// its <see cref="SlotSeats"/> row allows, or more in its language than its <see cref="SlotLanguageSeats"/>
/// row allows, whichever code (or person with a SQL prompt) attempts it.
/// </summary>
public sealed class SeatClaim
{
    public Instant SlotStart { get; set; }
    public Guid BookingId { get; set; }
    /// <summary>The booking's call language, which the agent must speak; the trigger checks it is the booking's.</summary>
    public Domain.Language Language { get; set; }
}

/// <summary>
/// How many calls one slot can take: the agents on shift then, written by the ledger from the weekly
/// plan, closures and extra agents (<see cref="Domain.Slots.CapacityTable"/>) for every slot up to the
/// booking horizon. The database compares new seat claims with this number.
/// </summary>
public sealed class SlotSeats
{
    public Instant SlotStart { get; set; }
    public int Seats { get; set; }
}

/// <summary>
/// How many calls in one language one slot can take: the agents on shift then who speak it. A claim
/// needs a free seat in its slot and one in its language (docs/decisions/0016-seats-per-language.md).
/// </summary>
public sealed class SlotLanguageSeats
{
    public Instant SlotStart { get; set; }
    public Domain.Language Language { get; set; }
    public int Seats { get; set; }
}

/// <summary>
/// One row, updated first by every capacity change: the row lock makes changes to the seats of slots
/// take turns, so two managers (or a manager and a node starting up) never write seats worked out
/// from different plans.
/// </summary>
public sealed class CapacityRevision
{
    public const int TheOne = 1;

    public int Id { get; set; }
    public long Revision { get; set; }
}
