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

    /// <summary>
    /// Fails if <paramref name="task"/> finishes within <paramref name="during"/>: evidence, for code that
    /// must wait for something the test still withholds, that it does wait. It cannot fail when the code
    /// is right, however slow the machine; it can only miss a wrong one that happens to be slow.
    /// </summary>
    public static async Task StaysPending(Task task, TimeSpan during, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(during)) == task)
        {
            await task;
            throw new InvalidOperationException($"{what} finished, but it must wait.");
        }
    }
}
