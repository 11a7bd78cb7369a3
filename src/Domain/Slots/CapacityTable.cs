using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// Agents on shift per weekday and hour: each agent on shift is one seat in every slot of that hour,
/// and one seat in each language they speak (docs/decisions/0016-seats-per-language.md). Hours with no
/// entry fall back to the default, and a language with no count for an hour is spoken by every agent
/// on shift then, so a new opening hour is never silently closed. Date adjustments then close days or
/// add agents to them, each in the languages they speak.
/// </summary>
public sealed class CapacityTable
{
    public const int DefaultSeats = 4;

    private readonly IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int> _agents;
    private readonly IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour, Language Language), int> _speakers;
    private readonly int _default;
    private readonly IReadOnlyList<CapacityAdjustment> _adjustments;

    public CapacityTable(
        IEnumerable<(IsoDayOfWeek Day, int Hour, int Agents)> entries, int defaultSeats = DefaultSeats, IEnumerable<CapacityAdjustment>? adjustments = null,
        IEnumerable<(IsoDayOfWeek Day, int Hour, Language Language, int Agents)>? speakers = null)
    {
        _adjustments = adjustments?.ToList() ?? [];
        _agents = entries.ToDictionary(e => (e.Day, e.Hour), e => e.Agents >= 0
            ? e.Agents
            : throw new ArgumentException($"Agents on shift cannot be negative ({e.Day} {e.Hour}:00)."));
        _speakers = (speakers ?? []).ToDictionary(e => (e.Day, e.Hour, e.Language), e => e.Agents >= 0
            ? e.Agents
            : throw new ArgumentException($"Agents who speak {e.Language} cannot be negative ({e.Day} {e.Hour}:00)."));
        _default = defaultSeats;
    }

    /// <summary>The agents of the week's plan for that weekday and hour.</summary>
    public int WeeklyAgents(IsoDayOfWeek day, int hour) => _agents.TryGetValue((day, hour), out var agents) ? agents : _default;

    /// <summary>
    /// The agents of the week's plan for that weekday and hour who speak <paramref name="language"/>:
    /// never more than the agents on shift (a count left over from a larger shift is cut to it).
    /// </summary>
    public int WeeklySpeakers(IsoDayOfWeek day, int hour, Language language)
    {
        var agents = WeeklyAgents(day, hour);
        return _speakers.TryGetValue((day, hour, language), out var speakers) ? Math.Min(speakers, agents) : agents;
    }

    /// <summary>Seats of the slot: every agent on shift then.</summary>
    public int SeatsFor(Slot slot) => Seats(slot, WeeklyAgents(slot.LocalStart.DayOfWeek, slot.LocalStart.Hour), a => a.ExtraAgents);

    /// <summary>Seats of the slot in a language: the agents on shift then who speak it.</summary>
    public int SeatsFor(Slot slot, Language language) =>
        Seats(slot, WeeklySpeakers(slot.LocalStart.DayOfWeek, slot.LocalStart.Hour, language), a => a.ExtraSpeakers(language));

    private int Seats(Slot slot, int weekly, Func<CapacityAdjustment, int> extra)
    {
        var date = slot.LocalStart.Date;
        var applying = _adjustments.Where(a => a.Covers(date)).ToList();
        if (applying.Any(a => a.Kind == AdjustmentKind.Closed))
        {
            return 0;
        }
        return weekly + applying.Sum(extra);
    }
}
