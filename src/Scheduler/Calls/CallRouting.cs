using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Staff;
using NodaTime;

namespace Allo.Scheduler.Calls;

/// <summary>Whether agents see calls they cannot serve (Calls:Routing); docs/decisions/0017.</summary>
public enum RoutingMode
{
    /// <summary>An agent sees only calls in a language they speak, with the skill the call needs.</summary>
    Strict,
    /// <summary>Also the other calls, each only while no active agent who could serve it is free.</summary>
    Overflow,
}

/// <summary>The routing setting, and what "free" means for it.</summary>
public sealed record CallRouting(RoutingMode Mode = RoutingMode.Strict)
{
    /// <summary>
    /// An agent counts as free when they opened the queue this recently (the open page refreshes every
    /// 20 seconds) and hold no call. Long enough to survive a refresh that failed, short enough that
    /// someone who closed the page does not keep calls away from the overflow for long.
    /// </summary>
    public static readonly Duration SeenWithin = Duration.FromMinutes(5);

    /// <summary>A queue page that refreshes writes the agent's presence at most this often.</summary>
    public static readonly Duration PresenceEvery = Duration.FromMinutes(1);
}

/// <summary>
/// What an agent must bring to a call: its language (the plan's, which is the language the citizen chose
/// and is called in; with an interpreter it is the language the interpreter translates from) and, for
/// the calls that need one, a skill.
/// </summary>
public sealed record CallNeed(Language Language, StaffSkills Skill)
{
    public static CallNeed Of(Booking booking) => new(booking.Plan.Language.Value, booking.Plan.Callback.Value switch
    {
        CallbackMode.VoiceWithInterpreter => StaffSkills.Interpreter,
        CallbackMode.TextConversation or CallbackMode.EmailConversation => StaffSkills.Text,
        // Through the relay service, like through a named helper, everything is passed on.
        CallbackMode.RelayCall => StaffSkills.Relay,
        // The named helper passes everything on to a citizen who cannot hear or speak on the phone:
        // the same condition as the rule "slots.double-for-relayed-call" that makes such a call longer.
        CallbackMode.ProxyCall when booking.Needs.Hearing || booking.Needs.Speech => StaffSkills.Relay,
        _ => StaffSkills.None,
    });
}

/// <summary>The languages and skills of one agent, as a manager set them on /manager/staff.</summary>
public sealed record AgentAbility(IReadOnlySet<Language> Languages, StaffSkills Skills)
{
    public static readonly AgentAbility Nothing = new(new HashSet<Language>(), StaffSkills.None);

    public static AgentAbility Of(string languages, StaffSkills skills) =>
        new(StaffInput.Split(languages).Select(c => Domain.Languages.TryParse(c, out var l) ? l : (Language?)null).OfType<Language>().ToHashSet(), skills);

    public bool Speaks(CallNeed need) => Languages.Contains(need.Language);

    public bool HasSkillFor(CallNeed need) => need.Skill == StaffSkills.None || Skills.HasFlag(need.Skill);

    public bool Serves(CallNeed need) => Speaks(need) && HasSkillFor(need);
}
