using System.Text.Json.Serialization;
using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Web.Localization;

namespace Allo.Web.Api;

/// <summary>A rule that shaped a decision, and why, in the citizen's language.</summary>
/// <param name="Rule">The rule's stable id (for example callback.text-for-hearing).</param>
/// <param name="Because">The sentence a citizen or an agent understands.</param>
public sealed record ReasonDto(string Rule, string Because);

/// <summary>A value the contact rules chose, with every rule behind it.</summary>
public sealed record DecidedDto<T>(T Value, ReasonDto[] Reasons);

/// <summary>
/// The contact plan in full: every decision the contact rules made, with the rules behind it. A plan
/// whose citizen nothing reaches (<c>reachable</c> false) says only that and the way out (<c>refusal</c>):
/// it promises no callback, message or hint, so every other member is left out.
/// </summary>
/// <param name="Reachable">False when no channel reaches the citizen: a booking with this profile is refused.</param>
/// <param name="Confirmation">The confirmation's channels and recipients (Citizen or Proxy), in the order they are sent.</param>
/// <param name="Reminders">The reminders: when (DayBefore, HourBefore), on which channel, to whom.</param>
/// <param name="Fallback">Every channel that reaches the citizen, best first: a message that fails on one is sent on the next.</param>
/// <param name="HeadsUp">The short message a few minutes before the call (empty: none; it never falls back to another channel).</param>
/// <param name="Callback">How the agent reaches the citizen at the booked time.</param>
/// <param name="Language">The language of the call and of every message.</param>
/// <param name="InterpreterLanguage">The language an interpreter on the call speaks with the citizen, if any.</param>
/// <param name="Style">Standard or Plain (short sentences, no jargon) messages.</param>
/// <param name="Slots">How many consecutive slots the call takes (ask <c>GET /api/v1/slots</c> with this <c>length</c>).</param>
/// <param name="Hints">What the agent is told before the call.</param>
/// <param name="Refusal">Why nothing reaches the citizen, and what they can give instead; empty when reachable.</param>
public sealed record ContactPlanDto(
    bool Reachable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<Message[]>? Confirmation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<Reminder[]>? Reminders,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<Channel[]>? Fallback,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<Message[]>? HeadsUp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<CallbackMode>? Callback,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<string>? Language,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InterpreterLanguage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<MessageStyle>? Style,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<int>? Slots,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecidedDto<Hint>[]? Hints,
    ReasonDto[] Refusal)
{
    public static ContactPlanDto From(ContactPlan plan, JsonStringLocalizer text, Language language)
    {
        ReasonDto[] Reasons(IEnumerable<Reason> reasons) =>
            [.. reasons.Select(r => new ReasonDto(r.RuleId, text.In(language, $"Rule.{r.RuleId}")))];
        DecidedDto<T> Map<T>(Decided<T> decided) => new(decided.Value, Reasons(decided.Reasons));
        DecidedDto<T[]> List<T>(Decided<IReadOnlyList<T>> decided) => new([.. decided.Value], Reasons(decided.Reasons));
        if (!plan.Reachable)
        {
            // What the rules would otherwise have chosen ("an agent calls you", "speak slowly") is not a
            // promise anyone keeps: the booking is refused. Only the refusal and its way out are said.
            return new ContactPlanDto(false, null, null, null, null, null, null, null, null, null, null, Reasons(plan.Refusal));
        }
        return new ContactPlanDto(
            true,
            List(plan.Confirmation),
            List(plan.Reminders),
            List(plan.Channels),
            List(plan.HeadsUp),
            Map(plan.Callback),
            new(plan.Language.Value.Code(), Reasons(plan.Language.Reasons)),
            plan.InterpreterLanguage,
            Map(plan.Style),
            Map(plan.Slots),
            [.. plan.Hints.Select(Map)],
            []);
    }
}
