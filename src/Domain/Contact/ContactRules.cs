using Allo.Domain.Bookings;

namespace Allo.Domain.Contact;

/// <summary>One named rule: when it applies, what it decides, why, and which personas it serves.</summary>
public sealed record ContactRule(
    string Id,
    string Because,
    string[] Personas,
    Func<ContactProfile, PlanDraft, bool> When,
    Action<PlanDraft, ContactProfile, Reason> Then)
{
    public Reason Reason => new(Id, Because);
}

/// <summary>
/// The contact rules: the one readable table that decides, for each citizen, the channels and
/// format of every message, the kind of callback, the length of the call and the agent's hints.
/// Rules run top to bottom; later rules refine what earlier ones decided. Each is tied to the
/// personas in docs/personas that it serves, and the tests read those personas.
/// </summary>
public static class ContactRules
{
    public static IReadOnlyList<ContactRule> Table { get; } =
    [
        // ---- Messages: which channels, in which order -------------------------------------------
        new("messages.default",
            "Messages go by text message first: they arrive at once and cost you nothing.",
            ["self-employed-calendar", "prepaid-little-credit", "shared-family-phone"],
            (_, _) => true,
            (d, _, r) =>
            {
                d.ConfirmationOrder.AddRange([Channel.Sms, Channel.Email, Channel.Voice]);
                d.ReminderOrder.AddRange([Channel.Sms, Channel.Voice, Channel.Email]);
                d.MessageReasons.Add(r);
            }),
        new("messages.prefer-call",
            "You prefer a phone call to text messages, so our messages are spoken by phone.",
            ["widow-landline", "low-literacy"],
            (p, _) => p.Needs.PrefersCall,
            (d, _, r) => Prefer(d.MessageReasons, r, Channel.Voice, d.ConfirmationOrder, d.ReminderOrder)),
        new("messages.spoken-for-reading",
            "Reading is hard for you, so reminders are spoken by phone.",
            ["low-literacy"],
            (p, _) => p.Needs.Reading,
            (d, _, r) => Prefer(d.ReminderOnlyReasons, r, Channel.Voice, d.ReminderOrder)),
        new("messages.prefer-text",
            "You prefer text messages to calls, so we write to you.",
            ["deaf-signer", "speech-impairment"],
            (p, _) => p.Needs.PrefersText,
            (d, _, r) => Prefer(d.MessageReasons, r, Channel.Sms, d.ConfirmationOrder, d.ReminderOrder)),
        new("messages.no-sms-without-mobile",
            "Your number is not a mobile number, so it cannot receive text messages.",
            ["widow-landline"],
            (p, _) => p.PhoneKind != PhoneKind.Mobile,
            (d, _, r) => Add(d.MessageReasons, r, d.ConfirmationOrder.Remove(Channel.Sms) | d.ReminderOrder.Remove(Channel.Sms))),
        new("messages.no-voice-for-hearing",
            "You are deaf or hard of hearing, so we never rely on a spoken message.",
            ["deaf-signer"],
            (p, _) => p.Needs.Hearing,
            (d, _, r) => Add(d.MessageReasons, r, d.ConfirmationOrder.Remove(Channel.Voice) | d.ReminderOrder.Remove(Channel.Voice))),
        new("messages.no-email-without-address",
            "You gave no email address, so we do not use email.",
            ["widow-landline", "low-literacy"],
            (p, _) => !p.HasEmail,
            (d, _, r) => Add(d.MessageReasons, r, d.ConfirmationOrder.Remove(Channel.Email) | d.ReminderOrder.Remove(Channel.Email))),
        new("messages.opt-out",
            "You asked us to stop some kinds of messages; we never use those again.",
            ["prepaid-little-credit"],
            (p, _) => p.OptedOut.Count > 0,
            (d, p, r) => Add(d.MessageReasons, r,
                d.ConfirmationOrder.RemoveAll(p.OptedOut.Contains) + d.ReminderOrder.RemoveAll(p.OptedOut.Contains) > 0)),
        new("confirmation.email-copy",
            "You gave an email address, so the confirmation and the calendar file also go there.",
            ["self-employed-calendar", "blind-screen-reader"],
            (p, d) => p.CanEmail && d.ConfirmationOrder.Count > 0 && d.ConfirmationOrder[0] != Channel.Email,
            (d, _, r) =>
            {
                d.EmailCopy = true;
                d.ConfirmationOnlyReasons.Add(r);
            }),
        new("confirmation.to-proxy",
            "We have no way to write to you directly, so the confirmation goes to the person you named.",
            ["deaf-landline-with-proxy"],
            (p, d) => d.ConfirmationOrder.Count == 0 && p.Needs.Proxy is not null,
            (d, _, r) =>
            {
                d.ConfirmationToProxy = true;
                d.ConfirmationOnlyReasons.Add(r);
            }),
        new("reminders.proxy",
            "Reminders also go to the person you named.",
            ["social-worker-proxy", "shared-family-phone"],
            (p, _) => p.Needs.Proxy is not null,
            (d, _, r) =>
            {
                d.ReminderRecipients.Add(Recipient.Proxy);
                d.ReminderOnlyReasons.Add(r);
            }),
        new("reminders.evening-and-hour-before",
            "We remind you the evening before and one hour before the call.",
            ["anxiety-more-time", "self-employed-calendar"],
            (_, _) => true,
            (d, _, r) => d.ReminderOnlyReasons.Add(r)),

        new("heads-up.by-text",
            "A few minutes before the call, a text message tells you the number we call from and a code the agent will say, so you know the call is really from us.",
            ["prepaid-little-credit", "shared-family-phone", "self-employed-calendar"],
            (p, _) => p.CanText,
            (d, _, r) =>
            {
                d.HeadsUpByText = true;
                d.HeadsUpReasons.Add(r);
            }),
        new("heads-up.none-without-text",
            "We do not send a message just before the call, because a second call right before the real one would only confuse.",
            ["widow-landline"],
            (p, _) => !p.CanText,
            (d, _, r) => d.HeadsUpReasons.Add(r)),

        // ---- The callback itself ------------------------------------------------------------------
        new("callback.voice",
            "An agent calls you at the time you chose.",
            ["widow-landline", "german-east-cantons"],
            (_, _) => true,
            (d, _, r) => d.Callback.Set(CallbackMode.Voice, r)),
        new("callback.interpreter",
            "You would rather speak another language, so an interpreter joins the call.",
            ["arabic-newcomer"],
            (p, _) => p.Needs.OtherLanguage is not null,
            (d, p, r) =>
            {
                d.Callback.Set(CallbackMode.VoiceWithInterpreter, r);
                d.Hint(AgentHint.Interpreter, r, p.Needs.OtherLanguage);
            }),
        new("callback.text-for-speech",
            "Speaking is hard for you, so the agent holds the conversation with you by text message.",
            ["speech-impairment"],
            (p, _) => p.Needs.Speech && p.CanText,
            (d, _, r) => d.Callback.Set(CallbackMode.TextConversation, r)),
        new("callback.text-for-hearing",
            "You are deaf or hard of hearing, so the agent holds the conversation with you by text message.",
            ["deaf-signer"],
            (p, _) => p.Needs.Hearing && p.CanText,
            (d, _, r) => d.Callback.Set(CallbackMode.TextConversation, r)),
        new("callback.proxy",
            "You agreed that the agent calls the person you named, who takes the call with you.",
            ["social-worker-proxy"],
            (p, _) => p.ProxyTakesCall,
            (d, _, r) => d.Callback.Set(CallbackMode.ProxyCall, r)),
        new("callback.relay-for-hearing",
            "You are deaf or hard of hearing and your number cannot receive text messages, so the agent calls you through the relay service, whose operator types what is said.",
            ["deaf-landline-relay"],
            (p, _) => p.HearingWithoutTextOrHelper && p.RelayAvailable && !p.OptedOut.Contains(Channel.Voice),
            (d, _, r) => d.Callback.Set(CallbackMode.RelayCall, r)),
        new("callback.email-for-hearing",
            "You are deaf or hard of hearing and your number cannot receive text messages, so at the time you chose the agent writes to you by email and you write back.",
            ["deaf-landline-email"],
            (p, d) => p.HearingWithoutTextOrHelper && d.Callback.Value != CallbackMode.RelayCall && p.CanEmail,
            (d, _, r) => d.Callback.Set(CallbackMode.EmailConversation, r)),
        new("callback.unreachable-for-hearing",
            "You are deaf or hard of hearing and nothing we have reaches you: give a mobile number or an email address, or someone who can take the call with you.",
            ["deaf-landline-refused"],
            (p, d) => p.HearingWithoutTextOrHelper && d.Callback.Value is not (CallbackMode.RelayCall or CallbackMode.EmailConversation),
            (d, _, r) => d.Refusal.Add(r)),
        new("messages.unreachable",
            "We have no way to send you messages: give a mobile number or an email address, or someone who can receive them for you.",
            ["deaf-landline-refused"],
            (p, d) => d.ReminderOrder.Count == 0 && d.ConfirmationOrder.Count == 0 && p.Needs.Proxy is null,
            (d, _, r) => d.Refusal.Add(r)),

        // ---- Language and style -------------------------------------------------------------------
        new("language.chosen",
            "We write to you and call you in the language you chose.",
            ["german-east-cantons"],
            (_, _) => true,
            (d, p, r) =>
            {
                d.Language.Set(p.Language, r);
                d.Hint(AgentHint.CallLanguage, r, p.Language.Code());
            }),
        new("style.standard",
            "Our messages are short and to the point.",
            ["self-employed-calendar"],
            (_, _) => true,
            (d, _, r) => d.Style.Set(MessageStyle.Standard, r)),
        new("style.plain-for-reading",
            "Reading is hard for you, so our messages use short, simple words.",
            ["low-literacy"],
            (p, _) => p.Needs.Reading,
            (d, _, r) => d.Style.Set(MessageStyle.Plain, r)),
        new("style.plain-for-more-time",
            "You need more time, so our messages say one thing at a time in simple words.",
            ["anxiety-more-time", "widow-landline"],
            (p, _) => p.Needs.MoreTime,
            (d, _, r) => d.Style.Set(MessageStyle.Plain, r)),
        new("style.plain-for-other-language",
            "You would rather speak another language, so our messages use simple words.",
            ["arabic-newcomer"],
            (p, _) => p.Needs.OtherLanguage is not null,
            (d, _, r) => d.Style.Set(MessageStyle.Plain, r)),

        // ---- How long the call takes --------------------------------------------------------------
        new("slots.one",
            "A call takes one slot.",
            ["self-employed-calendar"],
            (_, _) => true,
            (d, _, r) => d.Slots.Set(1, r)),
        new("slots.double-for-interpreter",
            "Everything is said twice with an interpreter, so your call takes twice as long.",
            ["arabic-newcomer"],
            (_, d) => d.Callback.Value == CallbackMode.VoiceWithInterpreter,
            (d, _, r) => d.Slots.Set(2, r)),
        new("slots.double-for-text",
            "Writing takes longer than talking, so your call takes twice as long.",
            ["deaf-signer", "speech-impairment"],
            (_, d) => d.Callback.Value == CallbackMode.TextConversation,
            (d, _, r) => d.Slots.Set(2, r)),
        new("slots.double-for-written-call",
            "Everything is written, by you or by the relay operator, so your call takes twice as long.",
            ["deaf-landline-relay", "deaf-landline-email"],
            (_, d) => d.Callback.Value is CallbackMode.RelayCall or CallbackMode.EmailConversation,
            (d, _, r) => d.Slots.Set(2, r)),
        new("slots.double-for-relayed-call",
            "The person you named passes everything on to you, so your call takes twice as long.",
            ["deaf-landline-with-proxy"],
            (p, d) => d.Callback.Value == CallbackMode.ProxyCall && (p.Needs.Hearing || p.Needs.Speech),
            (d, _, r) => d.Slots.Set(2, r)),
        new("slots.double-for-more-time",
            "You need more time, so your call takes twice as long.",
            ["anxiety-more-time", "widow-landline"],
            (p, _) => p.Needs.MoreTime,
            (d, _, r) => d.Slots.Set(2, r)),
        new("slots.joint-return",
            "You file a joint return with your partner, who is on the call too, so your call takes one slot more.",
            ["joint-return-couple"],
            (p, _) => p.Needs.PartnerName is not null,
            (d, _, r) => d.Slots.Extend(d.Slots.Value + 1, r)),
        // Last among the call-length rules: whatever made the call longer, the relay cuts off a longer one.
        new("slots.relay-longest-call",
            "The relay service limits how long one call may last, so your call is kept within its longest call.",
            ["deaf-landline-relay"],
            (p, d) => d.Callback.Value == CallbackMode.RelayCall && p.RelayMaxSlots is { } max && d.Slots.Value > max,
            (d, p, r) => d.Slots.Set(Math.Max(1, p.RelayMaxSlots!.Value), r)),

        // ---- What the agent should know -----------------------------------------------------------
        new("hint.text-conversation",
            "Hold the conversation by text message, and give the citizen time to reply.",
            ["deaf-signer", "speech-impairment"],
            (_, d) => d.Callback.Value == CallbackMode.TextConversation,
            (d, _, r) => d.Hint(AgentHint.TextConversation, r)),
        new("hint.relay-call",
            "Call through the relay service: the relay operator types what you say and reads out the citizen's answers. Speak in short sentences, and say when you have finished.",
            ["deaf-landline-relay"],
            (_, d) => d.Callback.Value == CallbackMode.RelayCall,
            (d, _, r) => d.Hint(AgentHint.RelayCall, r)),
        new("hint.email-conversation",
            "Hold the conversation by email at the booked time: write first, one question at a time, and give the citizen time to reply.",
            ["deaf-landline-email"],
            (_, d) => d.Callback.Value == CallbackMode.EmailConversation,
            (d, _, r) => d.Hint(AgentHint.EmailConversation, r)),
        new("hint.speak-slowly",
            "Speak slowly and clearly, and check that you are understood.",
            ["widow-landline", "arabic-newcomer"],
            (p, d) => d.Callback.Value is not (CallbackMode.TextConversation or CallbackMode.EmailConversation) && (p.Needs.Hearing || p.Needs.MoreTime || p.Needs.OtherLanguage is not null),
            (d, _, r) => d.Hint(AgentHint.SpeakSlowly, r)),
        new("hint.more-time",
            "Take your time, deal with one thing at a time, and sum up at the end.",
            ["anxiety-more-time", "widow-landline"],
            (p, _) => p.Needs.MoreTime,
            (d, _, r) => d.Hint(AgentHint.MoreTime, r)),
        new("hint.plain-language",
            "Use plain words and no tax jargon.",
            ["low-literacy", "anxiety-more-time"],
            (_, d) => d.Style.Value == MessageStyle.Plain,
            (d, _, r) => d.Hint(AgentHint.PlainLanguage, r)),
        new("hint.speech",
            "Speaking is hard for this citizen: ask questions they can answer briefly, and wait.",
            ["speech-impairment"],
            (p, _) => p.Needs.Speech,
            (d, _, r) => d.Hint(AgentHint.SpeechDifficulty, r)),
        new("hint.no-visual-references",
            "The citizen may not see: never refer to something to read, and spell out references slowly.",
            ["blind-screen-reader"],
            (p, _) => p.Needs.Sight,
            (d, _, r) => d.Hint(AgentHint.NoVisualReferences, r)),
        new("hint.proxy",
            "Someone else is involved: at the start, check that the citizen agrees, and confirm who you are speaking to with the booking reference.",
            ["social-worker-proxy", "shared-family-phone"],
            (p, _) => p.Needs.Proxy is not null,
            (d, p, r) => d.Hint(AgentHint.Proxy, r, p.Needs.Proxy!.Name)),
        new("hint.joint-return",
            "Two taxpayers are on this call for their joint return: at the start, check that you speak with both, and that both agree.",
            ["joint-return-couple"],
            (p, _) => p.Needs.PartnerName is not null,
            (d, p, r) => d.Hint(AgentHint.JointReturn, r, p.Needs.PartnerName)),
    ];

    /// <summary>Runs the table over a profile.</summary>
    public static ContactPlan Decide(ContactProfile profile)
    {
        var draft = new PlanDraft();
        foreach (var rule in Table)
        {
            if (rule.When(profile, draft))
            {
                rule.Then(draft, profile, rule.Reason);
            }
        }
        return Build(profile, draft);
    }

    // The proxy's own number decides: text to a mobile, a spoken message to anything else.
    private static Channel ProxyChannel(ProxyContact proxy) => proxy.Phone.Kind == PhoneKind.Mobile ? Channel.Sms : Channel.Voice;

    /// <summary>
    /// A stated preference moves its channel first and is given as a reason whenever that channel is
    /// still possible, even if it was first already: the citizen should see their answer was heard.
    /// </summary>
    private static void Prefer(List<Reason> reasons, Reason reason, Channel channel, params List<Channel>[] orders)
    {
        var possible = false;
        foreach (var order in orders)
        {
            PlanDraft.Prefer(order, channel);
            possible |= order.Contains(channel);
        }
        Add(reasons, reason, possible);
    }

    private static void Add(List<Reason> reasons, Reason reason, bool changed)
    {
        if (changed)
        {
            reasons.Add(reason);
        }
    }

    private static ContactPlan Build(ContactProfile profile, PlanDraft d)
    {
        var confirmation = new List<Message>();
        if (d.ConfirmationOrder.Count > 0)
        {
            confirmation.Add(new Message(d.ConfirmationOrder[0], Recipient.Citizen));
        }
        if (d.EmailCopy)
        {
            confirmation.Add(new Message(Channel.Email, Recipient.Citizen));
        }
        if (d.ConfirmationToProxy && profile.Needs.Proxy is { } confirmProxy)
        {
            confirmation.Add(new Message(ProxyChannel(confirmProxy), Recipient.Proxy));
        }

        var reminders = new List<Reminder>();
        foreach (var when in new[] { ReminderTime.DayBefore, ReminderTime.HourBefore })
        {
            if (d.ReminderOrder.Count > 0)
            {
                reminders.Add(new Reminder(when, d.ReminderOrder[0], Recipient.Citizen));
            }
            if (d.ReminderRecipients.Contains(Recipient.Proxy) && profile.Needs.Proxy is { } proxy)
            {
                reminders.Add(new Reminder(when, ProxyChannel(proxy), Recipient.Proxy));
            }
        }

        return new ContactPlan
        {
            Reachable = d.Refusal.Count == 0,
            Confirmation = new Decided<IReadOnlyList<Message>>(confirmation, [.. d.MessageReasons, .. d.ConfirmationOnlyReasons]),
            Reminders = new Decided<IReadOnlyList<Reminder>>(reminders, [.. d.MessageReasons, .. d.ReminderOnlyReasons]),
            Channels = new Decided<IReadOnlyList<Channel>>([.. d.ReminderOrder], [.. d.MessageReasons]),
            HeadsUp = new Decided<IReadOnlyList<Message>>(
                d.HeadsUpByText ? [new Message(Channel.Sms, Recipient.Citizen)] : [], [.. d.HeadsUpReasons]),
            Callback = d.Callback.Decided(),
            Language = d.Language.Decided(),
            InterpreterLanguage = d.Callback.Value == CallbackMode.VoiceWithInterpreter ? profile.Needs.OtherLanguage : null,
            Style = d.Style.Decided(),
            Slots = d.Slots.Decided(),
            Hints = [.. d.Hints.OrderBy(h => h.Key).Select(h => new Decided<Hint>(new Hint(h.Key, h.Value.Detail), [.. h.Value.Reasons]))],
            Refusal = [.. d.Refusal],
        };
    }
}
