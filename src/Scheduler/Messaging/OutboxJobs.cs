using Allo.Domain.Bookings;
using Allo.Scheduler.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// The Hangfire jobs. They take ids and do the work through <see cref="MessageDispatcher"/>, which
/// decides from the database; Hangfire's own retries are off because attempts are counted there.
/// </summary>
public sealed class OutboxJobs(MessageDispatcher dispatcher, AlloDbContext db, IBackgroundJobClient jobs, IClock clock)
{
    public const string SweepId = "outbox-sweep";
    public const string Queue = "messages";

    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public async Task DispatchAsync(Guid messageId, CancellationToken ct)
    {
        var result = await dispatcher.DispatchAsync(messageId, ct);
        if (result is DispatchResult.WillRetry or DispatchResult.NotDue)
        {
            var next = await db.OutboundMessages.Where(m => m.Id == messageId).Select(m => (Instant?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
            if (next is { } at)
            {
                var delay = at - clock.GetCurrentInstant();
                jobs.Schedule<OutboxJobs>(j => j.DispatchAsync(messageId, CancellationToken.None), delay.ToTimeSpan() > TimeSpan.Zero ? delay.ToTimeSpan() : TimeSpan.Zero);
            }
        }
    }

    /// <summary>
    /// Every minute: every queued message whose time has come gets a dispatch job. This is what makes
    /// the outbox, not Hangfire's storage, the source of truth: nothing due is ever forgotten.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task SweepAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(5000)
            .ToListAsync(ct);
        foreach (var id in due)
        {
            jobs.Enqueue<OutboxJobs>(j => j.DispatchAsync(id, CancellationToken.None));
        }
    }
}

/// <summary>
/// Enqueues a dispatch job for each committed outbox row that is due now (a confirmation). Rows due
/// later (reminders, the heads-up) are left to the minutely sweep: one job-store write per booking
/// instead of four, at the price of sending a reminder up to a minute after its time.
/// </summary>
public sealed class HangfireOutboxSignal(IBackgroundJobClient jobs, IClock clock) : IOutboxSignal
{
    public void Committed(IEnumerable<OutboundMessage> messages)
    {
        var now = clock.GetCurrentInstant();
        foreach (var message in messages.Where(m => m.NextAttemptAt <= now))
        {
            var id = message.Id;
            jobs.Enqueue<OutboxJobs>(j => j.DispatchAsync(id, CancellationToken.None));
        }
    }
}
