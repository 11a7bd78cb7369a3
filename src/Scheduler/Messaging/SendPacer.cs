using Allo.Domain.Contact;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Keeps the whole cluster under the provider's throughput: texts at <see cref="MessagingSettings.SmsRate"/>
/// (the per-sender rate times the senders in the pool), calls at <see cref="MessagingSettings.CallsPerSecond"/>.
/// A burst of due reminders waits its turn instead of being rejected, and two job nodes share one
/// budget in the database (<see cref="SendBudgets"/>) instead of each sending the full rate.
/// </summary>
/// <remarks>
/// Per channel, one loop on this node asks the database for tokens on behalf of everyone waiting here,
/// up to a quarter second's worth per round trip, and hands them out oldest first. When the budget is
/// empty it sleeps on the given <see cref="TimeProvider"/> until enough for its waiters is earned, so a
/// test drives it with a fake time provider.
/// </remarks>
public sealed class SendPacer : IDisposable
{
    private readonly Dictionary<Channel, Lane> _lanes = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="budgets">The shared budget; only optional when pacing is off.</param>
    public SendPacer(MessagingSettings settings, TimeProvider time, SendBudgets? budgets = null)
    {
        if (!settings.Pacing)
        {
            return;
        }
        ArgumentNullException.ThrowIfNull(budgets);
        _lanes[Channel.Sms] = new Lane(SendBudget.Sms, new SendRate(settings.SmsRate), budgets, time, _stopping.Token);
        _lanes[Channel.Voice] = new Lane(SendBudget.Voice, new SendRate(settings.CallsPerSecond), budgets, time, _stopping.Token);
    }

    public ValueTask WaitAsync(Channel channel, CancellationToken ct) =>
        _lanes.TryGetValue(channel, out var lane) ? lane.WaitAsync(ct) : ValueTask.CompletedTask;

    /// <summary>
    /// True when nothing of this node's pacing is under way: every send still waiting waits only for the
    /// clock to reach <paramref name="nextAsk"/> (the earliest moment this node asks the database again;
    /// null when nothing waits). Tests step a fake clock from one such moment to the next.
    /// </summary>
    public bool WaitsOnlyForTime(out DateTimeOffset? nextAsk)
    {
        nextAsk = null;
        foreach (var lane in _lanes.Values)
        {
            if (!lane.WaitsOnlyForTime(out var at))
            {
                return false;
            }
            if (at is { } a && (nextAsk is null || a < nextAsk))
            {
                nextAsk = a;
            }
        }
        return true;
    }

    public void Dispose()
    {
        // The loops see the cancellation and fail whoever still waits.
        _stopping.Cancel();
    }

    private sealed class Lane(string budget, SendRate rate, SendBudgets budgets, TimeProvider time, CancellationToken stopping)
    {
        private readonly Lock _lock = new();
        private readonly Queue<Waiter> _waiting = new();
        // Tokens this node took but could not hand out (their waiter gave up during the round trip). They
        // are the next waiter's, but only for as long as the grant would have taken to earn: a node must
        // not sit on tokens and later spend them on top of a full bucket.
        private int _held;
        private Instant _heldUntil;
        private bool _asking;
        private DateTimeOffset? _sleepingUntil;

        public ValueTask WaitAsync(CancellationToken ct)
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, typeof(SendPacer));
                if (Live() == 0 && TakeHeld(Now()))
                {
                    return ValueTask.CompletedTask;
                }
                if (ct.IsCancellationRequested)
                {
                    return ValueTask.FromCanceled(ct);
                }
                var waiter = new Waiter();
                waiter.Registration = ct.Register(static state => ((Waiter)state!).TrySetCanceled(), waiter);
                _waiting.Enqueue(waiter);
                if (!_asking)
                {
                    _asking = true;
                    _ = Task.Run(AskAsync, CancellationToken.None);
                }
                return new ValueTask(waiter.Task);
            }
        }

        public bool WaitsOnlyForTime(out DateTimeOffset? nextAsk)
        {
            lock (_lock)
            {
                nextAsk = _asking ? _sleepingUntil : null;
                return !_asking || (_sleepingUntil is { } until && until > time.GetUtcNow());
            }
        }

        private async Task AskAsync()
        {
            try
            {
                while (true)
                {
                    int want;
                    var now = Now();
                    lock (_lock)
                    {
                        _sleepingUntil = null;
                        while (Live() > 0 && TakeHeld(now))
                        {
                            if (Release(1) == 0)
                            {
                                _held++;
                            }
                        }
                        if (Live() == 0)
                        {
                            _asking = false;
                            return;
                        }
                        want = Math.Min(Live(), rate.Grant);
                    }
                    var take = await budgets.TakeAsync(budget, rate, want, now, stopping).ConfigureAwait(false);
                    Task sleep;
                    lock (_lock)
                    {
                        var left = take.Granted - Release(take.Granted);
                        if (left > 0)
                        {
                            _held = left;
                            _heldUntil = now + rate.Interval * rate.Grant;
                        }
                        var live = Live();
                        if (live == 0)
                        {
                            _asking = false;
                            return;
                        }
                        if (take.Granted == want)
                        {
                            continue;
                        }
                        // Wait until enough is earned for a whole grant (or everyone here): fewer round
                        // trips when the budget is busy, at most a quarter second later.
                        // The timer starts before anyone can see this node asleep, so a test that moves
                        // the clock once it does cannot move it past an alarm not yet set.
                        var wake = (take.SpentUntil + rate.Interval * Math.Min(live, rate.Grant)).ToDateTimeOffset();
                        var delay = wake - time.GetUtcNow();
                        sleep = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, stopping);
                        _sleepingUntil = wake;
                    }
                    await sleep.ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                // The database failed (or the node is stopping): those waiting fail too, their messages
                // stay queued, and the next wait starts asking afresh.
                lock (_lock)
                {
                    _asking = false;
                    _sleepingUntil = null;
                    Exception reason = stopping.IsCancellationRequested ? new ObjectDisposedException(nameof(SendPacer)) : e;
                    while (_waiting.TryDequeue(out var waiter))
                    {
                        waiter.TrySetException(reason);
                        waiter.Registration.Dispose();
                    }
                }
            }
        }

        private Instant Now()
        {
            // Whole microseconds, what PostgreSQL stores: the instants written stay exactly comparable.
            var ticks = Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();
            return Instant.FromUnixTimeTicks(ticks - ticks % 10);
        }

        /// <summary>Drops waiters that gave up from the queue and counts those still waiting.</summary>
        private int Live()
        {
            if (_waiting.Any(w => w.Task.IsCompleted))
            {
                var live = _waiting.Where(w => !w.Task.IsCompleted).ToList();
                _waiting.Clear();
                live.ForEach(_waiting.Enqueue);
            }
            return _waiting.Count;
        }

        private bool TakeHeld(Instant now)
        {
            if (_held > 0 && now < _heldUntil)
            {
                _held--;
                return true;
            }
            _held = 0;
            return false;
        }

        /// <summary>Lets up to <paramref name="tokens"/> waiters go, oldest first; returns how many went.</summary>
        private int Release(int tokens)
        {
            var released = 0;
            while (released < tokens && _waiting.TryDequeue(out var waiter))
            {
                // A waiter that gave up (cancelled) leaves the token to the next one.
                if (waiter.TrySetResult())
                {
                    released++;
                }
                waiter.Registration.Dispose();
            }
            return released;
        }
    }

    // Continuations run asynchronously so a release never runs a send while holding the lock.
    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Registration { get; set; }
    }
}
