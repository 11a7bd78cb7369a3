using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Domain.Waitlist;
using NodaTime;

namespace Allo.Domain.Tests.Waitlist;

public sealed class WaitlistEntryTests
{
    private static readonly SlotCalendar Calendar = new(OpeningHours.Default, SlotCalendar.Brussels);
    private static readonly Instant Now = At(1, 8, 0);

    private static Instant At(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(SlotCalendar.Brussels).ToInstant();

    private static WaitlistEntry Join(DayParts parts = DayParts.Morning, int firstDay = 2, int lastDay = 4)
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var plan = ContactRules.Decide(new ContactProfile { Language = Language.Fr, PhoneKind = PhoneKind.Mobile, Needs = Needs.None });
        return WaitlistEntry.Join(Calendar, Now, phone!, Language.Fr, null, null, Needs.None, plan,
            new LocalDate(2026, 12, firstDay), new LocalDate(2026, 12, lastDay), parts, ManageToken.Hash("t"));
    }

    private static Slot SlotAt(int day, int hour) => Calendar.SlotStartingAt(At(day, hour))!.Value;

    [Fact]
    public void An_entry_in_line_or_left_within_the_retention_period_refuses_erasure_and_keeps_its_number()
    {
        var entry = Join();
        var retention = Duration.FromDays(30);
        Assert.Equal(WaitlistProblem.NotYetErasable, Assert.Throws<WaitlistRuleException>(() => entry.Erase(Now + retention * 2, retention)).Problem);
        entry.Leave(Now);
        Assert.Equal(WaitlistProblem.NotYetErasable, Assert.Throws<WaitlistRuleException>(() => entry.Erase(Now + retention - Duration.FromSeconds(1), retention)).Problem);
        Assert.False(entry.IsErased);
        entry.Erase(Now + retention, retention);
        Assert.True(entry.IsErased);
        Assert.Equal(Booking.ErasedPhone, entry.PhoneE164);
    }

    [Fact]
    public void A_new_entry_waits_from_the_instant_it_joined()
    {
        var entry = Join();
        Assert.Equal(WaitlistStatus.Waiting, entry.Status);
        Assert.Equal(Now, entry.JoinedAt);
        Assert.True(entry.InLine);
    }

    [Fact]
    public void A_morning_wish_wants_a_morning_slot_inside_its_days_and_not_an_afternoon_or_a_day_outside()
    {
        var entry = Join(DayParts.Morning, 2, 3);
        Assert.True(entry.Wants(SlotAt(2, 10)));
        Assert.False(entry.Wants(SlotAt(2, 14)));
        Assert.False(entry.Wants(SlotAt(4, 10)));
    }

    [Fact]
    public void A_wish_without_a_part_of_day_or_with_its_days_reversed_is_refused()
    {
        Assert.Equal(WaitlistProblem.NoPartOfDay, Assert.Throws<WaitlistRuleException>(() => Join(DayParts.None)).Problem);
        Assert.Equal(WaitlistProblem.DaysReversed, Assert.Throws<WaitlistRuleException>(() => Join(DayParts.Any, 4, 2)).Problem);
    }

    [Fact]
    public void An_offer_holds_until_it_expires_and_is_accepted_only_before_then()
    {
        var entry = Join();
        var booking = Guid.NewGuid();
        entry.Offer(booking, Now, Now + Duration.FromMinutes(30));
        Assert.Equal(WaitlistStatus.Offered, entry.Status);
        Assert.Equal(booking, entry.OfferBookingId);
        Assert.True(entry.OfferOpen(Now + Duration.FromMinutes(29)));
        Assert.False(entry.OfferOpen(Now + Duration.FromMinutes(30)));
        Assert.Equal(WaitlistProblem.NoOpenOffer, Assert.Throws<WaitlistRuleException>(() => entry.Accept(Now + Duration.FromMinutes(30))).Problem);

        entry.Accept(Now + Duration.FromMinutes(10));
        Assert.Equal(WaitlistStatus.Booked, entry.Status);
        Assert.False(entry.InLine);
    }

    [Fact]
    public void A_second_offer_while_one_is_open_is_refused()
    {
        var entry = Join();
        entry.Offer(Guid.NewGuid(), Now, Now + Duration.FromMinutes(30));
        Assert.Equal(WaitlistProblem.IllegalTransition,
            Assert.Throws<WaitlistRuleException>(() => entry.Offer(Guid.NewGuid(), Now, Now + Duration.FromMinutes(30))).Problem);
    }

    [Fact]
    public void A_passed_on_offer_puts_the_entry_back_in_line_at_its_place()
    {
        var entry = Join();
        entry.Offer(Guid.NewGuid(), Now, Now + Duration.FromMinutes(30));
        var version = entry.Version;
        entry.PassOn();
        Assert.Equal(WaitlistStatus.Waiting, entry.Status);
        Assert.Null(entry.OfferBookingId);
        Assert.Equal(Now, entry.JoinedAt);
        Assert.True(entry.Version > version);
    }

    [Fact]
    public void An_entry_that_left_cannot_leave_again_or_be_offered()
    {
        var entry = Join();
        entry.Leave(Now);
        Assert.Equal(WaitlistStatus.Left, entry.Status);
        Assert.Equal(WaitlistProblem.NotInLine, Assert.Throws<WaitlistRuleException>(() => entry.Leave(Now)).Problem);
        Assert.Throws<WaitlistRuleException>(() => entry.Offer(Guid.NewGuid(), Now, Now + Duration.FromMinutes(30)));
    }

    [Fact]
    public void An_offered_booking_is_not_active_until_accepted_and_a_lapsed_one_cannot_be_accepted()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var plan = ContactRules.Decide(new ContactProfile { Language = Language.Fr, PhoneKind = PhoneKind.Mobile, Needs = Needs.None });
        Booking Offer() => Booking.Offer(Calendar, At(2, 10), Now, phone!, Language.Fr, null, null, Needs.None, plan, BookingReference.New(), "h", FrontEnd.Sms);

        var taken = Offer();
        Assert.Equal(BookingStatus.Offered, taken.Status);
        Assert.False(taken.IsActive);
        taken.AcceptOffer(Now + Duration.FromMinutes(5));
        Assert.Equal(BookingStatus.Booked, taken.Status);
        Assert.Equal(Now + Duration.FromMinutes(5), taken.CreatedAt);

        var lapsed = Offer();
        lapsed.LapseOffer(Now);
        Assert.Equal(BookingStatus.OfferLapsed, lapsed.Status);
        Assert.Throws<BookingRuleException>(() => lapsed.AcceptOffer(Now));
    }

    private static Booking BookedFriday10()
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var plan = ContactRules.Decide(new ContactProfile { Language = Language.Fr, PhoneKind = PhoneKind.Mobile, Needs = Needs.None });
        return Booking.Book(Calendar, At(4, 10), Now, phone!, Language.Fr, "Paul", null, Needs.None, plan, BookingReference.New(), "hash");
    }

    [Fact]
    public void A_missed_call_on_a_friday_gets_a_priority_place_from_its_start_for_monday_to_wednesday_at_any_time_of_day()
    {
        var missed = BookedFriday10();
        missed.CloseNotCalled(At(4, 16), At(4, 16));

        var entry = WaitlistEntry.ForMissedCall(Calendar, At(4, 16), missed, 3, ManageToken.Hash("t"));

        Assert.Equal(((Instant?)At(4, 10), At(4, 16), new LocalDate(2026, 12, 7), new LocalDate(2026, 12, 9), DayParts.Any),
            (entry.PriorityFrom, entry.JoinedAt, entry.FirstDay, entry.LastDay, entry.Parts));
        Assert.Equal((missed.PhoneE164, missed.Name, missed.Plan), (entry.PhoneE164, entry.Name, entry.Plan));
    }

    [Fact]
    public void A_call_that_is_still_booked_gets_no_priority_place()
    {
        var booked = BookedFriday10();
        Assert.Equal(WaitlistProblem.IllegalTransition,
            Assert.Throws<WaitlistRuleException>(() => WaitlistEntry.ForMissedCall(Calendar, At(4, 16), booked, 3, ManageToken.Hash("t"))).Problem);
    }
}

public sealed class WaitlistKeywordTests
{
    [Theory]
    [InlineData("WACHTLIJST", Language.Nl)]
    [InlineData("wachtlijst woensdag", Language.Nl)]
    [InlineData("wachtlist", Language.Nl)]
    [InlineData("liste d'attente", Language.Fr)]
    [InlineData("ATTENTE", Language.Fr)]
    [InlineData("Warteliste", Language.De)]
    [InlineData("wartelist", Language.De)]
    [InlineData("WAIT", Language.En)]
    [InlineData("waitt", Language.En)]
    public void The_waitlist_keywords_and_their_typos_join_the_waitlist_in_their_language(string text, Language language)
    {
        var command = Domain.Texting.TextCommand.Parse(text);
        Assert.Equal((Domain.Texting.TextIntent.Waitlist, (Language?)language), (command.Intent, command.Language));
    }

    [Theory]
    [InlineData("wat?")]
    [InlineData("wit")]
    public void Everyday_words_one_letter_from_WAIT_are_not_the_waitlist(string text) =>
        Assert.NotEqual(Domain.Texting.TextIntent.Waitlist, Domain.Texting.TextCommand.Parse(text).Intent);
}
