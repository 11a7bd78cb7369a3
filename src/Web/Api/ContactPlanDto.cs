using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Web.Localization;

namespace Allo.Web.Api;

/// <summary>A rule that shaped a decision, and why, in the citizen's language.</summary>
public sealed record ReasonDto(string Rule, string Because);

public sealed record DecidedDto<T>(T Value, ReasonDto[] Reasons);

/// <summary>The contact plan as the API shows it: every decision with the rules behind it.</summary>
public sealed record ContactPlanDto(
    bool Reachable,
    DecidedDto<Message[]> Confirmation,
    DecidedDto<Reminder[]> Reminders,
    DecidedDto<Message[]> HeadsUp,
    DecidedDto<CallbackMode> Callback,
    DecidedDto<string> Language,
    string? InterpreterLanguage,
    DecidedDto<MessageStyle> Style,
    DecidedDto<int> Slots,
    DecidedDto<Hint>[] Hints,
    ReasonDto[] Refusal)
{
    public static ContactPlanDto From(ContactPlan plan, JsonStringLocalizer text, Language language)
    {
        ReasonDto[] Reasons(IEnumerable<Reason> reasons) =>
            [.. reasons.Select(r => new ReasonDto(r.RuleId, text.In(language, $"Rule.{r.RuleId}")))];
        DecidedDto<T> Map<T>(Decided<T> decided) => new(decided.Value, Reasons(decided.Reasons));
        return new ContactPlanDto(
            plan.Reachable,
            new([.. plan.Confirmation.Value], Reasons(plan.Confirmation.Reasons)),
            new([.. plan.Reminders.Value], Reasons(plan.Reminders.Reasons)),
            new([.. plan.HeadsUp.Value], Reasons(plan.HeadsUp.Reasons)),
            Map(plan.Callback),
            new(plan.Language.Value.Code(), Reasons(plan.Language.Reasons)),
            plan.InterpreterLanguage,
            Map(plan.Style),
            Map(plan.Slots),
            [.. plan.Hints.Select(Map)],
            Reasons(plan.Refusal));
    }
}
