using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// Agents on shift per weekday and hour: each agent on shift is one seat in every slot of that hour.
/// Hours with no entry fall back to the default, so a new opening hour is never silently closed.
/// Date adjustments then close days or add agents to them.
/// </summary>
public sealed class CapacityTable
{
    public const int DefaultSeats = 4;

    private readonly IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int> _agents;
    private readonly int _default;
    private readonly IReadOnlyList<CapacityAdjustment> _adjustments;

    public CapacityTable(IEnumerable<(IsoDayOfWeek Day, int Hour, int Agents)> entries, int defaultSeats = DefaultSeats, IEnumerable<CapacityAdjustment>? adjustments = null)
    {
        _adjustments = adjustments?.ToList() ?? [];
        _agents = entries.ToDictionary(e => (e.Day, e.Hour), e => e.Agents >= 0
            ? e.Agents
            : throw new ArgumentException($"Agents on shift cannot be negative ({e.Day} {e.Hour}:00)."));
        _default = defaultSeats;
    }

    /// <summary>The agents of the week's plan for that weekday and hour.</summary>
    public int WeeklyAgents(IsoDayOfWeek day, int hour) => _agents.TryGetValue((day, hour), out var agents) ? agents : _default;

    public int SeatsFor(Slot slot)
    {
        var date = slot.LocalStart.Date;
        var applying = _adjustments.Where(a => a.Covers(date)).ToList();
        if (applying.Any(a => a.Kind == AdjustmentKind.Closed))
        {
            return 0;
        }
        return WeeklyAgents(slot.LocalStart.DayOfWeek, slot.LocalStart.Hour) + applying.Sum(a => a.ExtraAgents);
    }
}
