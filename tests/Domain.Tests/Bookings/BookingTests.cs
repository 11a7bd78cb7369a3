using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Bookings;

public sealed class BookingTests
{
    private static readonly SlotCalendar Calendar = new(OpeningHours.Default, SlotCalendar.Brussels);
    private static readonly Instant Now = At(1, 8, 0);

    private static Instant At(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(SlotCalendar.Brussels).ToInstant();

    private static ContactPlan PlanFor(Needs needs, PhoneKind kind = PhoneKind.Mobile) =>
        ContactRules.Decide(new ContactProfile { Language = Language.Fr, PhoneKind = kind, Needs = needs });

    private static Booking NewBooking(Instant? start = null, Needs? needs = null)
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        return Booking.Book(Calendar, start ?? At(2, 10), Now, phone!, Language.Fr, " Anne ", "", needs ?? Needs.None,
            PlanFor(needs ?? Needs.None), BookingReference.New(), ManageToken.Hash("t"));
    }

    [Fact]
    public void A_new_booking_is_booked_at_sequence_zero_with_the_slot_end_and_trimmed_fields()
    {
        var booking = NewBooking();
        Assert.Equal(BookingStatus.Booked, booking.Status);
        Assert.Equal(0, booking.Sequence);
        Assert.Equal(At(2, 10, 15), booking.SlotEnd);
        Assert.Equal("Anne", booking.Name);
        Assert.Null(booking.Email);
        Assert.True(booking.IsActive);
    }

    [Fact]
    public void A_citizen_who_needs_more_time_gets_two_consecutive_slots()
    {
        var booking = NewBooking(needs: new Needs { MoreTime = true });
        Assert.Equal(2, booking.SlotCount);
        Assert.Equal(At(2, 10, 30), booking.SlotEnd);
    }

    [Fact]
    public void A_two_slot_call_cannot_start_in_the_last_slot_before_lunch()
    {
        var e = Assert.Throws<SlotUnavailableException>(() => NewBooking(At(2, 11, 45), new Needs { MoreTime = true }));
        Assert.Equal(SlotProblem.TooShort, e.Problem);
    }

    [Fact]
    public void Changing_needs_stores_the_new_plan_and_lengthens_the_call()
    {
        var booking = NewBooking();
        var needs = new Needs { OtherLanguage = "Arabic" };
        booking.ChangeNeeds(Calendar, needs, PlanFor(needs), Now);
        Assert.Equal(CallbackMode.VoiceWithInterpreter, booking.Plan.Callback.Value);
        Assert.Equal(At(2, 10, 30), booking.SlotEnd);
        Assert.Equal(1, booking.Sequence);
    }

    [Fact]
    public void A_booking_no_one_can_be_reached_for_is_refused()
    {
        PhoneNumber.TryParse("02 572 57 57", out var landline);
        var needs = new Needs { Hearing = true };
        var e = Assert.Throws<BookingRuleException>(() => Booking.Book(Calendar, At(2, 10), Now, landline!, Language.Nl, null, null,
            needs, PlanFor(needs, PhoneKind.Landline), BookingReference.New(), "hash"));
        Assert.Equal(BookingProblem.Unreachable, e.Problem);
    }

    [Fact]
    public void Booking_a_time_that_is_not_bookable_says_why()
    {
        var e = Assert.Throws<SlotUnavailableException>(() => NewBooking(At(1, 9)));
        Assert.Equal(SlotProblem.TooSoon, e.Problem);
    }

    [Fact]
    public void Moving_changes_the_slot_and_raises_the_sequence()
    {
        var booking = NewBooking();
        booking.MoveTo(Calendar, At(3, 14), Now + Duration.FromMinutes(1));
        Assert.Equal(At(3, 14), booking.SlotStart);
        Assert.Equal(At(3, 14, 15), booking.SlotEnd);
        Assert.Equal(1, booking.Sequence);
    }

    [Fact]
    public void Moving_to_the_same_time_is_refused()
    {
        var booking = NewBooking();
        var e = Assert.Throws<BookingRuleException>(() => booking.MoveTo(Calendar, booking.SlotStart, Now));
        Assert.Equal(BookingProblem.SameSlot, e.Problem);
        Assert.Equal(0, booking.Sequence);
    }

    [Fact]
    public void Moving_to_a_closed_time_is_refused_and_changes_nothing()
    {
        var booking = NewBooking();
        Assert.Throws<SlotUnavailableException>(() => booking.MoveTo(Calendar, At(5, 10), Now));
        Assert.Equal(At(2, 10), booking.SlotStart);
    }

    [Fact]
    public void Cancelling_ends_the_booking_and_it_can_no_longer_be_moved_or_cancelled()
    {
        var booking = NewBooking();
        booking.Cancel(Now);
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Equal(Now, booking.CancelledAt);
        Assert.Equal(1, booking.Sequence);
        Assert.False(booking.IsActive);
        Assert.Equal(BookingProblem.NotActive, Assert.Throws<BookingRuleException>(() => booking.Cancel(Now)).Problem);
        Assert.Equal(BookingProblem.NotActive, Assert.Throws<BookingRuleException>(() => booking.MoveTo(Calendar, At(3, 10), Now)).Problem);
    }

    [Fact]
    public void A_booking_cannot_be_changed_once_its_call_time_has_come()
    {
        var booking = NewBooking();
        var e = Assert.Throws<BookingRuleException>(() => booking.Cancel(At(2, 10)));
        Assert.Equal(BookingProblem.CallAlreadyStarted, e.Problem);
        Assert.True(booking.IsActive);
    }

    [Fact]
    public void An_open_call_is_not_erased_until_it_is_closed_and_then_its_number_goes()
    {
        var booking = NewBooking();
        var retention = Duration.FromDays(30);
        var later = booking.SlotEnd + retention;

        var e = Assert.Throws<BookingRuleException>(() => booking.Erase(later, retention));
        Assert.Equal(BookingProblem.NotYetErasable, e.Problem);
        Assert.NotEqual(Booking.ErasedPhone, booking.PhoneE164);

        booking.CloseNotCalled(booking.SlotEnd, later);
        booking.Erase(later, retention);
        Assert.Equal(Booking.ErasedPhone, booking.PhoneE164);
        Assert.Equal(later, booking.ErasedAt);
    }
}
