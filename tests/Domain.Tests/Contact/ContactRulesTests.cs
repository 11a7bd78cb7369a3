using Allo.Domain.Bookings;
using Allo.Domain.Contact;

namespace Allo.Domain.Tests.Contact;

public sealed class ContactRulesTests
{
    private static ContactProfile Profile(PhoneKind kind = PhoneKind.Mobile, bool email = false, Needs? needs = null, params Channel[] optedOut) => new()
    {
        Language = Language.Nl,
        PhoneKind = kind,
        HasEmail = email,
        Needs = needs ?? Needs.None,
        OptedOut = optedOut.ToHashSet(),
    };

    private static ProxyContact Proxy(PhoneKind kind = PhoneKind.Mobile, bool takesCall = false) =>
        new() { Name = "Els", Phone = new PhoneNumber(kind == PhoneKind.Mobile ? "+32470998877" : "+3225725757", kind), TakesCall = takesCall };

    /// <summary>Random profiles from a fixed seed, so a failure can be reproduced.</summary>
    public static IEnumerable<ContactProfile> RandomProfiles(int count, int seed = 20261129)
    {
        var random = new Random(seed);
        bool Coin(int percent = 30) => random.Next(100) < percent;
        for (var i = 0; i < count; i++)
        {
            yield return new ContactProfile
            {
                Language = Languages.All[random.Next(4)],
                PhoneKind = (PhoneKind)random.Next(3),
                HasEmail = Coin(50),
                RelayAvailable = Coin(50),
                OptedOut = Enum.GetValues<Channel>().Where(_ => Coin(10)).ToHashSet(),
                Needs = new Needs
                {
                    Hearing = Coin(),
                    Sight = Coin(),
                    Reading = Coin(),
                    MoreTime = Coin(),
                    Speech = Coin(),
                    OtherLanguage = Coin(20) ? "Arabic" : null,
                    PrefersCall = Coin(20),
                    PrefersText = Coin(20),
                    Proxy = Coin(20) ? Proxy((PhoneKind)random.Next(3), Coin(50)) : null,
                },
            };
        }
    }

    private static IEnumerable<(ContactProfile Profile, ContactPlan Plan)> Plans() =>
        RandomProfiles(5000).Select(p => (p, ContactRules.Decide(p)));

    [Fact]
    public void Never_a_text_message_to_a_number_that_is_not_a_mobile()
    {
        foreach (var (profile, plan) in Plans())
        {
            if (profile.PhoneKind != PhoneKind.Mobile)
            {
                Assert.DoesNotContain(Channel.Sms, plan.ChannelsToCitizen());
            }
            if (profile.Needs.Proxy is { Phone.Kind: not PhoneKind.Mobile })
            {
                Assert.DoesNotContain(plan.Reminders.Value, r => r.To == Recipient.Proxy && r.Channel == Channel.Sms);
                Assert.DoesNotContain(plan.Confirmation.Value, m => m.To == Recipient.Proxy && m.Channel == Channel.Sms);
            }
        }
    }

    [Fact]
    public void Never_a_voice_only_contact_for_someone_who_cannot_hear()
    {
        foreach (var (profile, plan) in Plans().Where(x => x.Profile.Needs.Hearing && x.Plan.Reachable))
        {
            Assert.DoesNotContain(Channel.Voice, plan.ChannelsToCitizen());
            Assert.Contains(plan.Callback.Value, new[] { CallbackMode.TextConversation, CallbackMode.ProxyCall, CallbackMode.RelayCall, CallbackMode.EmailConversation });
            if (plan.Callback.Value == CallbackMode.RelayCall)
            {
                Assert.True(profile.RelayAvailable);
            }
            if (plan.Callback.Value == CallbackMode.EmailConversation)
            {
                Assert.True(profile.CanEmail);
            }
        }
    }

    /// <summary>A deaf citizen with a landline: what reaches them decides the callback, and only nothing at all refuses.</summary>
    [Theory]
    [InlineData(true, true, true, CallbackMode.RelayCall, "callback.relay-for-hearing")]
    [InlineData(true, false, true, CallbackMode.EmailConversation, "callback.email-for-hearing")]
    [InlineData(false, true, false, null, "messages.unreachable")]
    [InlineData(false, false, false, null, "callback.unreachable-for-hearing")]
    public void A_deaf_citizen_with_a_landline_is_called_through_the_relay_or_written_to_by_email_and_refused_only_when_nothing_reaches_them(
        bool email, bool relay, bool reachable, CallbackMode? callback, string rule)
    {
        var plan = ContactRules.Decide(Profile(PhoneKind.Landline, email, new Needs { Hearing = true }) with { RelayAvailable = relay });

        Assert.Equal(reachable, plan.Reachable);
        var reasons = plan.Decisions().SelectMany(d => d.Reasons).Concat(plan.Refusal).Select(r => r.RuleId);
        Assert.Contains(rule, reasons);
        if (reachable)
        {
            Assert.Equal(callback, plan.Callback.Value);
            Assert.Equal([new Message(Channel.Email, Recipient.Citizen)], plan.Confirmation.Value);
            Assert.Equal(2, plan.Slots.Value);
            Assert.Empty(plan.HeadsUp.Value);
        }
    }

    /// <summary>The relay's longest call (Relay:MaxCallMinutes, in slots) caps a relay call, whatever made it longer, with its reason.</summary>
    [Theory]
    [InlineData(false, 1, 1)]
    [InlineData(true, 1, 1)]
    [InlineData(false, 2, 2)]
    [InlineData(true, 3, 2)]
    public void A_relay_call_never_takes_more_slots_than_the_relay_allows_and_says_why_when_it_is_cut(bool moreTime, int maxSlots, int expected)
    {
        var plan = ContactRules.Decide(Profile(PhoneKind.Landline, true, new Needs { Hearing = true, MoreTime = moreTime })
            with { RelayAvailable = true, RelayMaxSlots = maxSlots });

        Assert.Equal(CallbackMode.RelayCall, plan.Callback.Value);
        Assert.Equal(expected, plan.Slots.Value);
        Assert.Equal(expected < 2, plan.Slots.Reasons.Any(r => r.RuleId == "slots.relay-longest-call"));
    }

    [Fact]
    public void The_relay_cap_does_not_shorten_calls_that_do_not_go_through_the_relay()
    {
        var email = ContactRules.Decide(Profile(PhoneKind.Landline, true, new Needs { Hearing = true }) with { RelayMaxSlots = 1 });
        var interpreter = ContactRules.Decide(Profile(PhoneKind.Mobile, false, new Needs { OtherLanguage = "ar" }) with { RelayAvailable = true, RelayMaxSlots = 1 });

        Assert.Equal((CallbackMode.EmailConversation, 2), (email.Callback.Value, email.Slots.Value));
        Assert.Equal((CallbackMode.VoiceWithInterpreter, 2), (interpreter.Callback.Value, interpreter.Slots.Value));
    }

    [Fact]
    public void A_relay_is_not_used_for_a_deaf_citizen_with_a_mobile_or_a_helper_on_the_call()
    {
        var mobile = ContactRules.Decide(Profile(PhoneKind.Mobile, true, new Needs { Hearing = true }) with { RelayAvailable = true });
        var helper = ContactRules.Decide(Profile(PhoneKind.Landline, true, new Needs { Hearing = true, Proxy = Proxy(takesCall: true) }) with { RelayAvailable = true });

        Assert.Equal(CallbackMode.TextConversation, mobile.Callback.Value);
        Assert.Equal(CallbackMode.ProxyCall, helper.Callback.Value);
    }

    [Fact]
    public void Never_email_without_an_email_address()
    {
        foreach (var (profile, plan) in Plans().Where(x => !x.Profile.HasEmail))
        {
            Assert.DoesNotContain(Channel.Email, plan.ChannelsToCitizen());
        }
    }

    [Fact]
    public void A_channel_the_citizen_opted_out_of_is_never_used()
    {
        foreach (var (profile, plan) in Plans())
        {
            Assert.Empty(plan.ChannelsToCitizen().Intersect(profile.OptedOut));
            if (profile.OptedOut.Contains(Channel.Sms))
            {
                Assert.NotEqual(CallbackMode.TextConversation, plan.Callback.Value);
            }
        }
    }

    [Fact]
    public void A_plan_reaches_the_citizen_somehow_or_refuses_with_a_way_out()
    {
        var refused = 0;
        foreach (var (profile, plan) in Plans())
        {
            if (plan.Reachable)
            {
                Assert.NotEmpty(plan.Confirmation.Value);
                Assert.NotEmpty(plan.Reminders.Value);
                Assert.Empty(plan.Refusal);
            }
            else
            {
                refused++;
                Assert.NotEmpty(plan.Refusal);
                Assert.All(plan.Refusal, r => Assert.Matches("give a mobile number|someone", r.Because));
            }
        }
        Assert.InRange(refused, 1, 4999);
    }

    [Fact]
    public void Every_decision_has_at_least_one_reason_from_the_table()
    {
        var ids = ContactRules.Table.Select(r => r.Id).ToHashSet();
        foreach (var (_, plan) in Plans())
        {
            foreach (var (decision, reasons) in plan.Decisions())
            {
                Assert.True(reasons.Count > 0, $"{decision} has no reason");
                Assert.All(reasons, r => Assert.Contains(r.RuleId, ids));
            }
        }
    }

    [Fact]
    public void Rule_ids_are_unique_and_every_rule_says_why_and_whom_it_serves()
    {
        Assert.Equal(ContactRules.Table.Count, ContactRules.Table.Select(r => r.Id).Distinct().Count());
        Assert.All(ContactRules.Table, r =>
        {
            Assert.Matches("^[a-z-]+\\.[a-z-]+$", r.Id);
            Assert.EndsWith(".", r.Because);
            Assert.NotEmpty(r.Personas);
        });
    }

    [Fact]
    public void A_citizen_with_a_mobile_and_no_needs_gets_text_messages_and_a_fifteen_minute_call()
    {
        var plan = ContactRules.Decide(Profile());
        Assert.Equal([new Message(Channel.Sms, Recipient.Citizen)], plan.Confirmation.Value);
        Assert.Equal([new Reminder(ReminderTime.DayBefore, Channel.Sms, Recipient.Citizen), new Reminder(ReminderTime.HourBefore, Channel.Sms, Recipient.Citizen)], plan.Reminders.Value);
        Assert.Equal(CallbackMode.Voice, plan.Callback.Value);
        Assert.Equal(MessageStyle.Standard, plan.Style.Value);
        Assert.Equal(1, plan.Slots.Value);
    }

    [Fact]
    public void A_landline_gets_spoken_messages_and_the_reason_says_why()
    {
        var plan = ContactRules.Decide(Profile(PhoneKind.Landline));
        Assert.All(plan.ChannelsToCitizen(), c => Assert.Equal(Channel.Voice, c));
        Assert.Contains(plan.Reminders.Reasons, r => r.RuleId == "messages.no-sms-without-mobile");
    }

    [Fact]
    public void An_interpreter_doubles_the_call_and_tells_the_agent_the_language()
    {
        var plan = ContactRules.Decide(Profile(needs: new Needs { OtherLanguage = "Arabic" }));
        Assert.Equal(CallbackMode.VoiceWithInterpreter, plan.Callback.Value);
        Assert.Equal("Arabic", plan.InterpreterLanguage);
        Assert.Equal(2, plan.Slots.Value);
        Assert.Contains(plan.Hints, h => h.Value == new Hint(AgentHint.Interpreter, "Arabic"));
        Assert.Equal(MessageStyle.Plain, plan.Style.Value);
    }

    [Fact]
    public void A_deaf_citizen_with_only_a_landline_is_refused_unless_someone_takes_the_call()
    {
        var refused = ContactRules.Decide(Profile(PhoneKind.Landline, needs: new Needs { Hearing = true }));
        Assert.False(refused.Reachable);
        Assert.Contains(refused.Refusal, r => r.RuleId == "callback.unreachable-for-hearing");

        var withProxy = ContactRules.Decide(Profile(PhoneKind.Landline, needs: new Needs { Hearing = true, Proxy = Proxy(takesCall: true) }));
        Assert.True(withProxy.Reachable);
        Assert.Equal(CallbackMode.ProxyCall, withProxy.Callback.Value);
        Assert.Equal([new Message(Channel.Sms, Recipient.Proxy)], withProxy.Confirmation.Value);
    }

    [Fact]
    public void Opting_out_of_text_messages_moves_messages_to_another_channel_with_the_reason()
    {
        var plan = ContactRules.Decide(Profile(email: true, optedOut: Channel.Sms));
        Assert.Equal(Channel.Email, plan.Confirmation.Value[0].Channel);
        Assert.Equal(Channel.Voice, plan.Reminders.Value[0].Channel);
        Assert.Contains(plan.Confirmation.Reasons, r => r.RuleId == "messages.opt-out");
    }
}
