using NodaTime;

namespace Allo.Scheduler.Persistence;

/// <summary>Agents on shift for one weekday and hour; each is one seat in every slot of that hour.</summary>
public sealed class CapacityEntry
{
    public IsoDayOfWeek Day { get; set; }
    public int Hour { get; set; }
    public int Agents { get; set; }
}
