using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// Hours that are the same every day, within which a whole call must lie: a relay service's opening
/// hours. A call that starts before they open or would still run when they close does not fit, because
/// the relay would cut it off halfway.
/// </summary>
public sealed record DailyHours
{
    public DailyHours(LocalTime opens, LocalTime closes)
    {
        if (closes <= opens)
        {
            throw new ArgumentException("Daily hours must close after they open.", nameof(closes));
        }
        Opens = opens;
        Closes = closes;
    }

    public LocalTime Opens { get; }

    public LocalTime Closes { get; }

    /// <summary>Whether every slot of the call, from the first one's start to the last one's end, lies within the hours.</summary>
    public bool Hold(IReadOnlyList<Slot> run)
    {
        if (run.Count == 0)
        {
            return false;
        }
        var start = run[0].LocalStart;
        // The end in local time, counted from the last slot's local start: a slot lasts its elapsed length.
        var end = run[^1].LocalStart.PlusNanoseconds((run[^1].End - run[^1].Start).ToInt64Nanoseconds());
        return start.TimeOfDay >= Opens && end.Date == start.Date && end.TimeOfDay <= Closes;
    }
}
