using NodaTime;

namespace Allo.Scheduler.Persistence;

/// <summary>Agents on shift for one weekday and hour; each is one seat in every slot of that hour.</summary>
public sealed class CapacityEntry
{
    public IsoDayOfWeek Day { get; set; }
    public int Hour { get; set; }
    public int Agents { get; set; }
}

/// <summary>
/// Agents on shift for one weekday and hour who speak one language; a multilingual agent counts in
/// each of their languages, and never more than <see cref="CapacityEntry.Agents"/> of that hour do.
/// </summary>
public sealed class CapacityLanguageEntry
{
    public IsoDayOfWeek Day { get; set; }
    public int Hour { get; set; }
    public Domain.Language Language { get; set; }
    public int Agents { get; set; }
}
