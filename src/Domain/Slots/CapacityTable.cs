using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// Agents on shift per weekday and hour: each agent on shift is one seat in every slot of that hour.
/// Hours with no entry fall back to the default, so a new opening hour is never silently closed.
/// </summary>
public sealed class CapacityTable
{
    public const int DefaultSeats = 4;

    private readonly IReadOnlyDictionary<(IsoDayOfWeek Day, int Hour), int> _agents;
    private readonly int _default;

    public CapacityTable(IEnumerable<(IsoDayOfWeek Day, int Hour, int Agents)> entries, int defaultSeats = DefaultSeats)
    {
        _agents = entries.ToDictionary(e => (e.Day, e.Hour), e => e.Agents >= 0
            ? e.Agents
            : throw new ArgumentException($"Agents on shift cannot be negative ({e.Day} {e.Hour}:00)."));
        _default = defaultSeats;
    }

    public int SeatsFor(Slot slot) =>
        _agents.TryGetValue((slot.LocalStart.DayOfWeek, slot.LocalStart.Hour), out var agents) ? agents : _default;
}
