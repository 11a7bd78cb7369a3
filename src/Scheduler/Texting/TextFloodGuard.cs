using System.Collections.Concurrent;
using NodaTime;

namespace Allo.Scheduler.Texting;

public enum FloodVerdict
{
    Allowed,
    /// <summary>Over the limit: answer once that there are too many messages.</summary>
    Warn,
    /// <summary>Still over the limit: answer nothing, so two machines cannot keep each other texting.</summary>
    Silent,
}

/// <summary>
/// Texts per number per minute. A number that floods the service is slowed on its own; every other
/// number is untouched. Kept per web node in memory: the limit is about load, not a rule of record.
/// </summary>
public sealed class TextFloodGuard(IClock clock, int perMinute = 8)
{
    private readonly ConcurrentDictionary<string, (Instant Start, int Count)> _windows = new();

    public FloodVerdict Check(string phone)
    {
        var now = clock.GetCurrentInstant();
        if (_windows.Count > 50_000)
        {
            foreach (var stale in _windows.Where(w => now - w.Value.Start > Duration.FromMinutes(1)).Select(w => w.Key).ToList())
            {
                _windows.TryRemove(stale, out _);
            }
        }
        var window = _windows.AddOrUpdate(phone, _ => (now, 1), (_, w) => now - w.Start > Duration.FromMinutes(1) ? (now, 1) : (w.Start, w.Count + 1));
        return window.Count <= perMinute ? FloodVerdict.Allowed : window.Count == perMinute + 1 ? FloodVerdict.Warn : FloodVerdict.Silent;
    }
}
