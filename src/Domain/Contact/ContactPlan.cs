namespace Allo.Domain.Contact;

public enum Recipient
{
    Citizen,
    Proxy,
}

public enum CallbackMode
{
    /// <summary>An agent calls the citizen's number.</summary>
    Voice,
    /// <summary>An agent calls with an interpreter on the line.</summary>
    VoiceWithInterpreter,
    /// <summary>The agent holds the conversation by text message, for those who cannot use voice.</summary>
    TextConversation,
    /// <summary>The agent calls the person the citizen named, with the citizen's consent.</summary>
    ProxyCall,
    /// <summary>The agent calls through the relay service the operator configured; a relay operator types and speaks for the citizen.</summary>
    RelayCall,
    /// <summary>The agent holds the conversation by email at the booked time, for those with no mobile and no relay.</summary>
    EmailConversation,
}

public enum MessageStyle
{
    Standard,
    Plain,
}

public enum ReminderTime
{
    /// <summary>The evening before the call.</summary>
    DayBefore,
    /// <summary>One hour before the call.</summary>
    HourBefore,
}

public enum AgentHint
{
    CallLanguage,
    Interpreter,
    SpeakSlowly,
    TextConversation,
    MoreTime,
    PlainLanguage,
    SpeechDifficulty,
    NoVisualReferences,
    Proxy,
    RelayCall,
    EmailConversation,
    /// <summary>A partner is on the call for a joint return; the detail is their name.</summary>
    JointReturn,
}

/// <summary>Why: the rule that decided, and a sentence a citizen or an agent understands.</summary>
public sealed record Reason(string RuleId, string Because);

/// <summary>A value the rules chose, with every rule that shaped it.</summary>
public sealed record Decided<T>(T Value, IReadOnlyList<Reason> Reasons);

public sealed record Message(Channel Channel, Recipient To);

public sealed record Reminder(ReminderTime When, Channel Channel, Recipient To);

public sealed record Hint(AgentHint Kind, string? Detail = null);

/// <summary>
/// How and when the service contacts one citizen, as the contact rules decided it. Notifications and
/// the agents' queue act on this; no other code chooses a channel.
/// </summary>
public sealed record ContactPlan
{
    /// <summary>False when no channel reaches the citizen: the booking is refused with <see cref="Refusal"/>.</summary>
    public required bool Reachable { get; init; }
    public required Decided<IReadOnlyList<Message>> Confirmation { get; init; }
    public required Decided<IReadOnlyList<Reminder>> Reminders { get; init; }
    /// <summary>Every channel that reaches the citizen, best first: where a failed message falls back to.</summary>
    public required Decided<IReadOnlyList<Channel>> Channels { get; init; }
    /// <summary>The short message a few minutes before the call, or none.</summary>
    public required Decided<IReadOnlyList<Message>> HeadsUp { get; init; }
    public required Decided<CallbackMode> Callback { get; init; }
    public required Decided<Language> Language { get; init; }
    public string? InterpreterLanguage { get; init; }
    public required Decided<MessageStyle> Style { get; init; }
    /// <summary>How many consecutive slots the call takes.</summary>
    public required Decided<int> Slots { get; init; }
    public required IReadOnlyList<Decided<Hint>> Hints { get; init; }
    /// <summary>Why no one could be reached, and what the citizen can do instead.</summary>
    public IReadOnlyList<Reason> Refusal { get; init; } = [];

    /// <summary>Every decision's reasons, for checks and for showing the whole "why".</summary>
    public IEnumerable<(string Decision, IReadOnlyList<Reason> Reasons)> Decisions()
    {
        yield return ("confirmation", Confirmation.Reasons);
        yield return ("reminders", Reminders.Reasons);
        yield return ("channels", Channels.Reasons);
        yield return ("heads-up", HeadsUp.Reasons);
        yield return ("callback", Callback.Reasons);
        yield return ("language", Language.Reasons);
        yield return ("style", Style.Reasons);
        yield return ("slots", Slots.Reasons);
        foreach (var hint in Hints)
        {
            yield return ($"hint:{hint.Value.Kind}", hint.Reasons);
        }
    }

    /// <summary>Every channel the plan would use to reach the citizen themself.</summary>
    public IEnumerable<Channel> ChannelsToCitizen() =>
        Confirmation.Value.Where(m => m.To == Recipient.Citizen).Select(m => m.Channel)
            .Concat(Reminders.Value.Where(r => r.To == Recipient.Citizen).Select(r => r.Channel))
            .Concat(HeadsUp.Value.Where(m => m.To == Recipient.Citizen).Select(m => m.Channel))
            .Concat(Channels.Value);

    /// <summary>The next channel to try after <paramref name="failed"/> did not reach the citizen, if any.</summary>
    public Channel? FallbackAfter(Channel failed)
    {
        var index = Channels.Value.ToList().IndexOf(failed);
        return index >= 0 && index + 1 < Channels.Value.Count ? Channels.Value[index + 1] : null;
    }
}
