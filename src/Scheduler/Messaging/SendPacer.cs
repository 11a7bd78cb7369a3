using Allo.Domain.Contact;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Keeps this job node under the provider's throughput (messages and calls per second): a burst of
/// due reminders waits its turn instead of being rejected. With several job nodes, give each its share.
/// </summary>
/// <remarks>
/// A token bucket per channel, refilled by a timer of the given <see cref="TimeProvider"/>: the same
/// behaviour as an auto-replenishing TokenBucketRateLimiter (whose manual replenishment reads the real
/// clock), but a test can drive the refills with a fake time provider.
/// </remarks>
public sealed class SendPacer : IDisposable
{
    private readonly Dictionary<Channel, Bucket> _buckets = [];

    public SendPacer(MessagingSettings settings, TimeProvider time)
    {
        if (!settings.Pacing)
        {
            return;
        }
        _buckets[Channel.Sms] = new Bucket(settings.SmsPerSecond, time);
        _buckets[Channel.Voice] = new Bucket(settings.CallsPerSecond, time);
    }

    public ValueTask WaitAsync(Channel channel, CancellationToken ct) =>
        _buckets.TryGetValue(channel, out var bucket) ? bucket.WaitAsync(ct) : ValueTask.CompletedTask;

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    /// <summary>
    /// Starts full (a burst of up to one second's worth passes at once) and gains one token per
    /// 1/rate seconds, one at a time, so sends are spread evenly; waiters are served oldest first.
    /// </summary>
    private sealed class Bucket : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly Queue<Waiter> _waiting = new();
        private readonly int _limit;
        private readonly ITimer _timer;
        private int _tokens;
        private bool _disposed;

        public Bucket(double perSecond, TimeProvider time)
        {
            _limit = Math.Max(1, (int)Math.Floor(perSecond));
            _tokens = _limit;
            var period = TimeSpan.FromSeconds(1 / perSecond);
            _timer = time.CreateTimer(static state => ((Bucket)state!).Refill(), this, period, period);
        }

        public ValueTask WaitAsync(CancellationToken ct)
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_waiting.Count == 0 && _tokens > 0)
                {
                    _tokens--;
                    return ValueTask.CompletedTask;
                }
                if (ct.IsCancellationRequested)
                {
                    return ValueTask.FromCanceled(ct);
                }
                var waiter = new Waiter();
                waiter.Registration = ct.Register(static state => ((Waiter)state!).TrySetCanceled(), waiter);
                _waiting.Enqueue(waiter);
                return new ValueTask(waiter.Task);
            }
        }

        private void Refill()
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }
                _tokens = Math.Min(_limit, _tokens + 1);
                while (_tokens > 0 && _waiting.TryDequeue(out var waiter))
                {
                    // A waiter that gave up (cancelled) leaves the token to the next one.
                    if (waiter.TrySetResult())
                    {
                        _tokens--;
                    }
                    waiter.Registration.Dispose();
                }
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                _timer.Dispose();
                while (_waiting.TryDequeue(out var waiter))
                {
                    waiter.TrySetException(new ObjectDisposedException(nameof(SendPacer)));
                    waiter.Registration.Dispose();
                }
            }
        }
    }

    // Continuations run asynchronously so a refill never runs a send while holding the lock.
    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Registration { get; set; }
    }
}
