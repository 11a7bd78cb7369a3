using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Tests.Contact;

public sealed class JointReturnRulesTests
{
    private static ContactPlan Plan(Needs needs) =>
        ContactRules.Decide(new ContactProfile { Language = Language.Fr, PhoneKind = PhoneKind.Mobile, Needs = needs });

    [Fact]
    public void A_partner_on_the_call_makes_it_one_slot_longer_with_both_reasons_and_tells_the_agent_their_name()
    {
        var plan = Plan(new Needs { PartnerName = "Jean Dubois" });
        Assert.Equal(2, plan.Slots.Value);
        Assert.Equal(["slots.one", "slots.joint-return"], plan.Slots.Reasons.Select(r => r.RuleId));
        var hint = Assert.Single(plan.Hints, h => h.Value.Kind == AgentHint.JointReturn);
        Assert.Equal("Jean Dubois", hint.Value.Detail);
        Assert.Equal(["hint.joint-return"], hint.Reasons.Select(r => r.RuleId));
    }

    [Fact]
    public void A_joint_return_adds_one_slot_to_a_call_already_doubled_for_more_time()
    {
        var plan = Plan(new Needs { MoreTime = true, PartnerName = "Jean" });
        Assert.Equal(3, plan.Slots.Value);
        Assert.Equal(["slots.double-for-more-time", "slots.joint-return"], plan.Slots.Reasons.Select(r => r.RuleId));
    }

    [Fact]
    public void Without_a_partner_no_joint_return_rule_applies()
    {
        var plan = Plan(Needs.None);
        Assert.Equal(1, plan.Slots.Value);
        Assert.DoesNotContain(plan.Hints, h => h.Value.Kind == AgentHint.JointReturn);
        Assert.DoesNotContain(plan.Decisions().SelectMany(d => d.Reasons), r => r.RuleId.Contains("joint-return"));
    }

    [Fact]
    public void Erasing_a_booking_removes_the_partner_name_from_its_needs_and_hints()
    {
        var calendar = new SlotCalendar(OpeningHours.Default, SlotCalendar.Brussels);
        var start = new LocalDateTime(2026, 12, 2, 10, 0).InZoneStrictly(SlotCalendar.Brussels).ToInstant();
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var needs = new Needs { PartnerName = "Jean Dubois" };
        var booking = Booking.Book(calendar, start, start - Duration.FromDays(1), phone!, Language.Fr, "Marie", null, needs, Plan(needs),
            BookingReference.New(), ManageToken.Hash("t"));
        booking.CloseNotCalled(booking.SlotEnd, booking.SlotEnd + Duration.FromDays(30));
        booking.Erase(booking.SlotEnd + Duration.FromDays(30), Duration.FromDays(30));
        Assert.Null(booking.Needs.PartnerName);
        Assert.All(booking.Plan.Hints, h => Assert.NotEqual("Jean Dubois", h.Value.Detail));
        Assert.Contains(booking.Plan.Hints, h => h.Value.Kind == AgentHint.JointReturn);
    }
}
