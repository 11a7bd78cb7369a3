using Allo.Domain.Contact;
using Allo.Scheduler.Calls;

namespace Allo.Scheduler.Privacy;

/// <summary>
/// When an agent's page shows a citizen's personal data, so each records exactly then. Besides the
/// number, name and notes (only to the agent holding the call), a queue row can carry what the citizen
/// typed: the language they asked an interpreter for.
/// </summary>
public static class PersonalData
{
    /// <summary>
    /// A hint whose detail is the citizen's own words: the interpreter's language, or a name — the
    /// helper's or the joint-return partner's, shown like the citizen's own only with <paramref name="showNames"/>.
    /// </summary>
    public static bool InHints(IEnumerable<Hint> hints, bool showNames) =>
        hints.Any(h => h.Detail is not null && (h.Kind == AgentHint.Interpreter || (h.Kind is AgentHint.Proxy or AgentHint.JointReturn && showNames)));

    /// <summary>The rows of queue tables that show personal data.</summary>
    public static IEnumerable<(Guid Id, string Reference)> ShownIn(params IEnumerable<QueueItem>[] tables) =>
        tables.SelectMany(t => t).Where(i => InHints(i.Hints, showNames: false)).Select(i => (i.Id, i.Reference));

    /// <summary>The callback page: everything for the holder; the interpreter's language for anyone.</summary>
    public static IEnumerable<(Guid Id, string Reference)> ShownIn(CallbackDetails details)
    {
        var plan = details.Booking.Plan;
        return details.Mine || plan.InterpreterLanguage is not null || InHints(plan.Hints.Select(h => h.Value), showNames: false)
            ? [(details.Booking.Id, details.Booking.Reference)]
            : [];
    }
}
