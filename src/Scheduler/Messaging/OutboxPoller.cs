using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// On a job node: a few lanes that each send batch after batch while the outbox has due messages,
/// and otherwise look again every second, or at once when this node commits a message due now. The
/// number of workers is fixed by configuration, whatever the number of messages (40,000 reminders at
/// 18:00 are 400 batches, not 40,000 jobs), the way eShop's order processor polls its table.
/// </summary>
public sealed class OutboxPoller(OutboxBatch batch, OutboxWakeUp wakeUp, MessagingSettings settings, TimeProvider time, ILogger<OutboxPoller> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.DispatchLanes).Select(_ => Task.Run(() => LaneAsync(stoppingToken), stoppingToken)));

    private async Task LaneAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Taken before the batch, so a message committed while the batch runs is not missed.
            var woken = wakeUp.Next;
            int taken;
            try
            {
                taken = await batch.SendAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away, say: nothing is lost (the outbox keeps it), so look again later.
                log.LogError(e, "Taking a batch from the outbox failed; trying again in {Interval}.", PollInterval);
                taken = 0;
            }
            if (taken < settings.BatchSize)
            {
                try
                {
                    await Task.WhenAny(woken, Task.Delay(PollInterval, time, ct));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}

/// <summary>
/// The signal on every node: a commit of a message due now wakes this node's poller (if it runs
/// one), so a confirmation booked on a node with both roles goes out at once. A web-only node's
/// signal wakes nobody; a job node's poller finds the message within <see cref="OutboxPoller.PollInterval"/>.
/// Nothing is enqueued anywhere: the booking request pays no job-store write.
/// </summary>
public sealed class OutboxWakeUp(IClock clock) : IOutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit of a message due now.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Committed(IEnumerable<OutboundMessage> messages)
    {
        var now = clock.GetCurrentInstant();
        if (messages.Any(m => m.NextAttemptAt <= now))
        {
            Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
