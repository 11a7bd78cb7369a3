using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Calls;

public sealed class CallStateTests
{
    private static readonly SlotCalendar Calendar = new(OpeningHours.Default, SlotCalendar.Brussels);
    private static readonly CallPolicy Policy = new();
    private static readonly Instant Booked = At(1, 8);
    private static readonly Instant Slot = At(2, 10);

    private static Instant At(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(SlotCalendar.Brussels).ToInstant();

    private static Booking NewBooking()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        return Booking.Book(Calendar, Slot, Booked, phone!, Language.Nl, "Anne", null, Needs.None,
            ContactRules.Decide(new ContactProfile { Language = Language.Nl, PhoneKind = PhoneKind.Mobile, Needs = Needs.None }),
            BookingReference.New(), ManageToken.Hash("t"));
    }

    private static Booking Claimed(string agent = "ann", int minute = 1)
    {
        var booking = NewBooking();
        booking.EnterQueue(At(2, 10, 0));
        booking.Claim(agent, At(2, 10, minute), Policy);
        return booking;
    }

    [Fact]
    public void A_booking_enters_the_queue_only_once_its_slot_has_started()
    {
        var booking = NewBooking();
        var early = Assert.Throws<BookingRuleException>(() => booking.EnterQueue(At(2, 9, 59)));
        Assert.Equal(BookingProblem.NotDue, early.Problem);
        booking.EnterQueue(At(2, 10, 0));
        Assert.Equal(BookingStatus.Queued, booking.Status);
        Assert.Equal(At(2, 10), booking.QueuedAt);
        Assert.True(booking.IsDue(At(2, 10)));
        Assert.True(booking.IsActive);
        Assert.Throws<BookingRuleException>(() => booking.EnterQueue(At(2, 10, 1)));
    }

    [Fact]
    public void A_live_claim_cannot_be_taken_but_an_expired_one_can()
    {
        var booking = Claimed("ann");
        var refused = Assert.Throws<BookingRuleException>(() => booking.Claim("bert", At(2, 10, 5), Policy));
        Assert.Equal(BookingProblem.ClaimedByOther, refused.Problem);
        Assert.True(booking.IsClaimedBy("ann", At(2, 10, 5)));
        Assert.True(booking.IsClaimedByOther("bert", At(2, 10, 5)));

        // Claimed at 10:01, held for 20 minutes: at 10:21 it is back in the queue for anyone.
        booking.Claim("bert", At(2, 10, 21), Policy);
        Assert.True(booking.IsClaimedBy("bert", At(2, 10, 21)));
        Assert.False(booking.IsClaimedBy("ann", At(2, 10, 21)));
    }

    [Fact]
    public void A_claim_ahead_of_time_holds_until_the_slot_start_plus_the_hold()
    {
        var booking = NewBooking();
        booking.Claim("ann", At(2, 8), Policy);
        Assert.Equal(Slot + Policy.ClaimHold, booking.ClaimExpiresAt);
        var notYet = Assert.Throws<BookingRuleException>(() => booking.RecordOutcome(CallOutcome.Helped, "ann", null, At(2, 9), Policy));
        Assert.Equal(BookingProblem.NotDue, notYet.Problem);
    }

    [Fact]
    public void Helped_closes_the_call_raises_the_sequence_and_records_agent_time_and_note()
    {
        var booking = Claimed();
        var sequence = booking.Sequence;
        var record = booking.RecordOutcome(CallOutcome.Helped, "ann", "  Explained the deduction for childcare. ", At(2, 10, 9), Policy);
        Assert.Equal(BookingStatus.Helped, booking.Status);
        Assert.False(booking.IsActive);
        Assert.Equal(At(2, 10, 9), booking.ClosedAt);
        Assert.Null(booking.ClaimedBy);
        Assert.Equal(sequence + 1, booking.Sequence);
        Assert.Equal((1, CallOutcome.Helped, "ann", "Explained the deduction for childcare.", At(2, 10, 9)),
            (record.Attempt, record.Outcome, record.AgentId, record.Note, record.At));
    }

    [Fact]
    public void No_answer_queues_a_second_try_inside_the_slot_then_closes_as_unreached()
    {
        var booking = Claimed();
        var first = booking.RecordOutcome(CallOutcome.NoAnswer, "ann", null, At(2, 10, 1), Policy);
        Assert.Equal(BookingStatus.Queued, booking.Status);
        Assert.Null(booking.ClaimedBy);
        Assert.Equal(At(2, 10, 6), booking.NextTryAt);
        Assert.False(booking.IsDue(At(2, 10, 5)));
        Assert.True(booking.IsDue(At(2, 10, 6)));

        booking.Claim("bert", At(2, 10, 6), Policy);
        var second = booking.RecordOutcome(CallOutcome.NoAnswer, "bert", null, At(2, 10, 7), Policy);
        Assert.Equal(BookingStatus.Unreached, booking.Status);
        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
        Assert.Throws<BookingRuleException>(() => booking.Claim("ann", At(2, 10, 8), Policy));
    }

    [Theory]
    [InlineData(1, 6)]   // early in the 10:00–10:15 slot: five minutes later
    [InlineData(8, 10)]  // later: still five minutes before the slot ends
    [InlineData(12, 12)] // the slot is nearly over: straight away
    [InlineData(40, 40)] // the first try came late: straight away, never in the past
    public void The_second_try_stays_inside_the_slot_window(int triedAtMinute, int nextTryMinute)
    {
        Assert.Equal(At(2, 10, nextTryMinute), Policy.NextTry(At(2, 10, triedAtMinute), At(2, 10, 15)));
    }

    [Fact]
    public void Only_the_agent_who_holds_the_call_records_its_outcome()
    {
        var booking = Claimed("ann");
        var refused = Assert.Throws<BookingRuleException>(() => booking.RecordOutcome(CallOutcome.Helped, "bert", null, At(2, 10, 3), Policy));
        Assert.Equal(BookingProblem.NotClaimed, refused.Problem);
        Assert.Equal(BookingStatus.Queued, booking.Status);
        Assert.Equal(0, booking.CallAttempts);
    }

    [Fact]
    public void Another_time_moves_the_call_and_starts_again_with_fresh_tries()
    {
        var booking = Claimed();
        booking.RecordOutcome(CallOutcome.NoAnswer, "ann", null, At(2, 10, 1), Policy);
        booking.Claim("ann", At(2, 10, 6), Policy);
        var record = booking.Reschedule(Calendar, At(3, 14), "ann", "Wants her husband on the line", At(2, 10, 7));
        Assert.Equal(BookingStatus.Booked, booking.Status);
        Assert.Equal(At(3, 14), booking.SlotStart);
        Assert.Equal(0, booking.CallAttempts);
        Assert.Null(booking.QueuedAt);
        Assert.Null(booking.ClaimedBy);
        Assert.Equal((2, CallOutcome.AnotherTime), (record.Attempt, record.Outcome));
    }

    [Fact]
    public void A_citizen_cannot_move_or_cancel_a_call_already_in_the_queue()
    {
        var booking = Claimed();
        Assert.Equal(BookingProblem.CallAlreadyStarted, Assert.Throws<BookingRuleException>(() => booking.Cancel(At(2, 10, 2))).Problem);
        Assert.Equal(BookingProblem.CallAlreadyStarted, Assert.Throws<BookingRuleException>(() => booking.MoveTo(Calendar, At(3, 10), At(2, 10, 2))).Problem);
    }

    [Fact]
    public void A_citizen_who_moves_a_call_frees_it_from_an_agent_who_planned_it()
    {
        var booking = NewBooking();
        booking.Claim("ann", At(1, 9), Policy);
        booking.MoveTo(Calendar, At(3, 10), At(1, 9, 30));
        Assert.Null(booking.ClaimedBy);
    }

    [Theory]
    [InlineData(CallOutcome.Helped)]
    [InlineData(CallOutcome.WrongNumber)]
    [InlineData(CallOutcome.NeedsFollowUp)]
    public void A_closed_call_takes_no_further_outcome(CallOutcome outcome)
    {
        var booking = Claimed();
        booking.RecordOutcome(outcome, "ann", null, At(2, 10, 2), Policy);
        var again = Assert.Throws<BookingRuleException>(() => booking.RecordOutcome(CallOutcome.Helped, "ann", null, At(2, 10, 3), Policy));
        Assert.Equal(BookingProblem.NotActive, again.Problem);
    }

    [Fact]
    public void The_transition_table_lets_nothing_follow_a_closed_or_cancelled_call()
    {
        foreach (var from in BookingStatuses.Closed.Append(BookingStatus.Cancelled))
        {
            Assert.All(Enum.GetValues<BookingStatus>(), to => Assert.False(from.CanBecome(to), $"{from} → {to}"));
        }
        Assert.False(BookingStatus.Queued.CanBecome(BookingStatus.Cancelled));
        Assert.True(BookingStatus.Booked.CanBecome(BookingStatus.Queued));
        Assert.All(BookingStatuses.Active, s => Assert.DoesNotContain(s, BookingStatuses.Closed));
    }
}
