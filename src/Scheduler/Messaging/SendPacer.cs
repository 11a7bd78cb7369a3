using System.Threading.RateLimiting;
using Allo.Domain.Contact;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Keeps this job node under the provider's throughput (messages and calls per second): a burst of
/// due reminders waits its turn instead of being rejected. With several job nodes, give each its share.
/// </summary>
public sealed class SendPacer : IDisposable
{
    private readonly Dictionary<Channel, RateLimiter> _limiters = [];

    public SendPacer(MessagingSettings settings)
    {
        if (!settings.Pacing)
        {
            return;
        }
        _limiters[Channel.Sms] = Bucket(settings.SmsPerSecond);
        _limiters[Channel.Voice] = Bucket(settings.CallsPerSecond);
    }

    public async ValueTask WaitAsync(Channel channel, CancellationToken ct)
    {
        if (_limiters.TryGetValue(channel, out var limiter))
        {
            using var lease = await limiter.AcquireAsync(1, ct);
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static TokenBucketRateLimiter Bucket(double perSecond)
    {
        // Refill a token at the per-second rate, one at a time, so sends are spread evenly.
        var period = TimeSpan.FromSeconds(1 / perSecond);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Floor(perSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
