namespace Allo.Scheduler.Managers;

/// <summary>
/// Messages whose last status fell on a closed local day, per channel and status: the dashboard reads
/// these instead of counting the day's rows again (docs/decisions/0034-closed-days-are-counted-once.md).
/// </summary>
public sealed class MessageDayCount
{
    public DateOnly Day { get; set; }
    public Allo.Domain.Contact.Channel Channel { get; set; }
    public Messaging.DeliveryStatus Status { get; set; }
    public int Count { get; set; }
}

/// <summary>How far a rollup has got: every local day up to <see cref="Through"/> is counted in it, and no later one.</summary>
public sealed class RollupMark
{
    public const string Messages = "messages";
    public const string Bookings = "bookings";

    public string Name { get; set; } = "";
    public DateOnly Through { get; set; }
    /// <summary>For <see cref="Bookings"/>: every booking frozen (final and erased) before this instant is counted, and no other.</summary>
    public NodaTime.Instant? Before { get; set; }
}

/// <summary>
/// Frozen bookings (final and erased: they never change again) per local day and figure, counted once
/// by <see cref="BookingRollup"/> (docs/decisions/0038-frozen-bookings-are-counted-once.md).
/// </summary>
public sealed class BookingDayCount
{
    public DateOnly Day { get; set; }
    /// <summary>A <see cref="BookingFigures"/> name, like <c>made:Web</c> or <c>calls-need:Hearing</c>.</summary>
    public string Figure { get; set; } = "";
    public int Count { get; set; }
}
