using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Managers;

/// <summary>
/// Counts each closed local day's messages once, per channel and status, into <see cref="MessageDayCount"/>,
/// so the dashboard reads a year as a few thousand sums instead of ten million rows, and counts live only
/// the days after <see cref="RollupMark.Through"/>. A recurring job, idempotent: it takes the days after
/// the mark up to the last closed one, and does nothing when there are none.
/// See docs/decisions/0034-closed-days-are-counted-once.md.
/// </summary>
public sealed class MessageRollup(AlloDbContext db, SlotCalendar calendar, IClock clock)
{
    public const string Id = "message-rollup";

    /// <summary>
    /// A day is closed this long after its local midnight: a send or status report computed just before
    /// midnight has long committed by then.
    /// </summary>
    public static readonly Duration Grace = Duration.FromHours(1);

    /// <summary>The statuses the dashboard counts (the outcomes); a queued or sending message counts nowhere yet.</summary>
    public static readonly IReadOnlySet<DeliveryStatus> Counted = new HashSet<DeliveryStatus>
    {
        DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Failed, DeliveryStatus.Undeliverable,
    };

    /// <summary>Returns the number of days counted.</summary>
    public async Task<int> RollUpAsync(CancellationToken ct)
    {
        var lastClosed = (clock.GetCurrentInstant() - Grace).InZone(calendar.Zone).Date.PlusDays(-1);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // While the days are counted no message changes status (a status report waits a moment, once a
            // day): it is either in the count, or it moves out of it afterwards and takes its count along
            // (MessageDispatcher.RecordStatusAsync). The mode conflicts with itself: two nodes take turns.
            // SQLite's immediate transaction holds the one write lock, with the same effect.
            await db.Database.ExecuteSqlRawAsync("""LOCK TABLE "OutboundMessages" IN SHARE ROW EXCLUSIVE MODE""", ct);
        }
        var mark = await db.RollupMarks.FirstOrDefaultAsync(m => m.Name == RollupMark.Messages, ct);
        var first = mark is not null ? LocalDate.FromDateOnly(mark.Through).PlusDays(1) : await FirstDayAsync(lastClosed, ct);
        if (first > lastClosed && mark is not null)
        {
            return 0;
        }
        if (first <= lastClosed)
        {
            var days = new LocalDaysSql(calendar.Zone, first, lastClosed, db.Database.IsNpgsql());
            await Dashboard.CountMessagesAsync(db, days, (day, channel, status, count) =>
                db.MessageDayCounts.Add(new MessageDayCount { Day = first.PlusDays(day).ToDateOnly(), Channel = channel, Status = status, Count = count }), ct);
        }
        if (mark is null)
        {
            db.RollupMarks.Add(new RollupMark { Name = RollupMark.Messages, Through = lastClosed.ToDateOnly() });
        }
        else
        {
            mark.Through = lastClosed.ToDateOnly();
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Math.Max(0, Period.Between(first, lastClosed, PeriodUnits.Days).Days + 1);
    }

    /// <summary>The first run starts at the day of the earliest status (an index lookup); no message yet, nothing to count.</summary>
    private async Task<LocalDate> FirstDayAsync(LocalDate lastClosed, CancellationToken ct)
    {
        var earliest = await db.OutboundMessages.Where(m => m.StatusAt != null).OrderBy(m => m.StatusAt).Select(m => m.StatusAt).FirstOrDefaultAsync(ct);
        return earliest is { } at ? at.InZone(calendar.Zone).Date : lastClosed.PlusDays(1);
    }

    /// <summary>
    /// A message counted on a closed day whose status changes now moves to today, which is counted live:
    /// its closed day's count is taken back, in the transaction that changes the status.
    /// </summary>
    internal static Task TakeBackAsync(AlloDbContext db, LocalDate day, Channel channel, DeliveryStatus status, CancellationToken ct)
    {
        var d = day.ToDateOnly();
        return db.MessageDayCounts.Where(c => c.Day == d && c.Channel == channel && c.Status == status)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - 1), ct);
    }
}
