using System.Collections.Concurrent;
using System.Globalization;
using Allo.Web.Infrastructure;

namespace Allo.Web.Api;

/// <summary>
/// The API's rate limit: <c>RateLimit:PermitsPerMinute</c> requests per client address
/// (<see cref="RateLimiting.ClientKey"/>) in fixed windows of <c>RateLimit:WindowSeconds</c>, told on
/// every answer in RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds), so a client can
/// pace itself; past it, 429 rate-limited with Retry-After. Its own counter rather than ASP.NET Core's
/// limiter, which does not say how much is left. Per node, like the limiter it replaces.
/// </summary>
public sealed class ApiRateLimit(int permits, TimeSpan window, TimeProvider time)
{
    private sealed class Window
    {
        public long Index;
        public int Count;
    }

    private readonly ConcurrentDictionary<string, Window> windows = new();

    public int Permits => permits;

    public static ApiRateLimit From(IConfiguration configuration, TimeProvider time)
    {
        var section = configuration.GetSection("RateLimit");
        var permits = Scheduler.Options.SettingReader.WholeNumber(section, "PermitsPerMinute", 120, 1, 10_000_000);
        var window = TimeSpan.FromSeconds(Scheduler.Options.SettingReader.WholeNumber(section, "WindowSeconds", 60, 1, 86_400));
        return new ApiRateLimit(permits, window, time);
    }

    /// <summary>Counts one request; false when the client's budget for this window is spent.</summary>
    public bool TryTake(string client, out int remaining, out TimeSpan reset)
    {
        var now = time.GetUtcNow().UtcTicks;
        var index = now / window.Ticks;
        reset = TimeSpan.FromTicks(((index + 1) * window.Ticks) - now);
        if (windows.Count > 100_000)
        {
            // Addresses last seen in an earlier window hold nothing any more.
            foreach (var (key, old) in windows)
            {
                if (Volatile.Read(ref old.Index) < index)
                {
                    windows.TryRemove(key, out _);
                }
            }
        }
        var counter = windows.GetOrAdd(client, _ => new Window { Index = index });
        lock (counter)
        {
            if (counter.Index != index)
            {
                (counter.Index, counter.Count) = (index, 0);
            }
            var taken = counter.Count < permits;
            if (taken)
            {
                counter.Count++;
            }
            remaining = permits - counter.Count;
            return taken;
        }
    }

    /// <summary>Middleware for the API: the headers on every answer, 429 past the budget.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var taken = TryTake(RateLimiting.ClientKey(http), out var remaining, out var reset);
        var headers = http.Response.Headers;
        headers["RateLimit-Limit"] = permits.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        var seconds = ((int)Math.Ceiling(reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = seconds;
        if (taken)
        {
            await next(http);
            return;
        }
        headers.RetryAfter = seconds;
        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.RateLimited,
            title: "Too many requests; try again after the time in Retry-After.").ExecuteAsync(http);
    }
}
