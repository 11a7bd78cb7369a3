using NodaTime;

namespace Allo.Domain.Bookings;

public sealed partial class Booking
{
    /// <summary>
    /// The day's opening hours ended at <paramref name="dayEnd"/> and the call is still waiting (the
    /// agents were overwhelmed, or a claim lapsed): it closes as not called, so it never lingers in the
    /// queue. A call an agent holds right now is theirs to finish; the seats are the caller's business.
    /// </summary>
    public void CloseNotCalled(Instant dayEnd, Instant now)
    {
        if (!IsActive)
        {
            throw new BookingRuleException(BookingProblem.NotActive, $"Booking {Reference} is {Status}; there is nothing to close.");
        }
        if (now < dayEnd || dayEnd < SlotEnd)
        {
            throw new BookingRuleException(BookingProblem.NotDue, $"The day of booking {Reference} has not ended before {Instant.Max(dayEnd, SlotEnd)}.");
        }
        if (ClaimedBy is not null && ClaimExpiresAt > now)
        {
            throw new BookingRuleException(BookingProblem.ClaimedByOther, $"Booking {Reference} is held by an agent until {ClaimExpiresAt}.");
        }
        Close(BookingStatus.NotCalled, now);
    }
}
