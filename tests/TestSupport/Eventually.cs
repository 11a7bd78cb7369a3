using System.Diagnostics;

namespace Allo.TestSupport;

/// <summary>
/// A bounded wait for a state that something else (a background job, another task, another
/// process) brings about. The bound is a limit for a hung test, not a timing assertion: it is wide
/// enough for a machine whose cores are all busy, and a test that reaches its state sooner goes on at once.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails saying <paramref name="what"/> was awaited.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan max, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) >= max)
            {
                throw new TimeoutException($"Waited {max.TotalSeconds:0.#} s for {what}; it never happened.");
            }
            await Task.Delay(Interval);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan max, string what) => Until(() => Task.FromResult(condition()), max, what);

    public static Task Until(Func<Task<bool>> condition, string what) => Until(condition, Limit, what);

    public static Task Until(Func<bool> condition, string what) => Until(condition, Limit, what);
}
