using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Calls;

public sealed class EndOfDayStateTests
{
    private static readonly SlotCalendar Calendar = new(OpeningHours.Default, SlotCalendar.Brussels);
    private static readonly Instant DayEnd = At(2, 16);

    private static Instant At(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(SlotCalendar.Brussels).ToInstant();

    private static Booking Queued()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var booking = Booking.Book(Calendar, At(2, 10), At(1, 8), phone!, Language.Nl, "Anne", null, Needs.None,
            ContactRules.Decide(new ContactProfile { Language = Language.Nl, PhoneKind = PhoneKind.Mobile }),
            BookingReference.New(), ManageToken.Hash("t"));
        booking.EnterQueue(At(2, 10));
        return booking;
    }

    [Fact]
    public void A_queued_call_closes_as_not_called_only_once_its_day_has_ended()
    {
        var booking = Queued();
        var early = Assert.Throws<BookingRuleException>(() => booking.CloseNotCalled(DayEnd, At(2, 15, 59)));
        Assert.Equal((BookingProblem.NotDue, BookingStatus.Queued), (early.Problem, booking.Status));

        var sequence = booking.Sequence;
        booking.CloseNotCalled(DayEnd, DayEnd);
        Assert.Equal((BookingStatus.NotCalled, DayEnd, false, sequence + 1), (booking.Status, booking.ClosedAt, booking.IsActive, booking.Sequence));
        Assert.Contains(BookingStatus.NotCalled, BookingStatuses.Closed);
        var again = Assert.Throws<BookingRuleException>(() => booking.CloseNotCalled(DayEnd, DayEnd + Duration.FromMinutes(5)));
        Assert.Equal(BookingProblem.NotActive, again.Problem);
    }

    [Fact]
    public void A_call_an_agent_holds_is_theirs_to_finish_but_a_lapsed_claim_closes()
    {
        var booking = Queued();
        booking.Claim("ann", At(2, 15, 50), new CallPolicy());
        var held = Assert.Throws<BookingRuleException>(() => booking.CloseNotCalled(DayEnd, DayEnd));
        Assert.Equal((BookingProblem.ClaimedByOther, BookingStatus.Queued), (held.Problem, booking.Status));

        booking.CloseNotCalled(DayEnd, booking.ClaimExpiresAt!.Value);
        Assert.Equal((BookingStatus.NotCalled, null), (booking.Status, booking.ClaimedBy));
    }

    [Fact]
    public void A_day_end_before_the_call_ends_is_refused()
    {
        var booking = Queued();
        var refused = Assert.Throws<BookingRuleException>(() => booking.CloseNotCalled(At(2, 10, 5), At(2, 17)));
        Assert.Equal((BookingProblem.NotDue, BookingStatus.Queued), (refused.Problem, booking.Status));
    }
}
