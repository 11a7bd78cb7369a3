using System.Diagnostics;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Allo.TestSupport;

/// <summary>
/// Job nodes that pace their sends through one database, each with its own services (its own
/// connections), all on one fake clock. The test moves the clock from one moment a node asks the
/// database for tokens to the next, so what is sent when is decided by simulated time alone.
/// </summary>
public sealed class PacedNodes : IDisposable
{
    private readonly List<ServiceProvider> _services = [];
    private readonly List<SendPacer> _nodes = [];

    public PacedNodes(TestDatabase database, MessagingSettings settings, int count)
    {
        Start = Time.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var services = new ServiceCollection().AddAlloDatabase(database.Settings).AddSingleton<SendBudgets>().BuildServiceProvider();
            _services.Add(services);
            _nodes.Add(new SendPacer(settings, Time, services.GetRequiredService<SendBudgets>()));
        }
    }

    public FakeTimeProvider Time { get; } = new();

    /// <summary>The clock's first moment; every run is measured from it.</summary>
    public DateTimeOffset Start { get; }

    public SendPacer this[int node] => _nodes[node];

    /// <summary>
    /// Waits until every node waits only for time (a bounded poll of their state, not a timing) and
    /// returns the earliest moment one of them asks the database again, or null when nothing waits.
    /// </summary>
    public async Task<DateTimeOffset?> SettleAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            DateTimeOffset? next = null;
            var settled = true;
            foreach (var node in _nodes)
            {
                if (!node.WaitsOnlyForTime(out var at))
                {
                    settled = false;
                    break;
                }
                if (at is { } a && (next is null || a < next))
                {
                    next = a;
                }
            }
            if (settled)
            {
                return next;
            }
            if (Stopwatch.GetElapsedTime(started) >= Eventually.Limit)
            {
                throw new TimeoutException($"Waited {Eventually.Limit.TotalSeconds:0} s for the pacers to settle; they never did.");
            }
            await Task.Delay(1);
        }
    }

    /// <summary>
    /// Runs the clock from one ask to the next for <paramref name="span"/> of simulated time, calling
    /// <paramref name="observe"/> with the time since the start at every moment the nodes have settled.
    /// </summary>
    public async Task RunAsync(TimeSpan span, Action<TimeSpan> observe)
    {
        while (true)
        {
            var next = await SettleAsync();
            observe(Time.GetUtcNow() - Start);
            if (next is not { } at || at - Start >= span)
            {
                return;
            }
            Time.SetUtcNow(at);
        }
    }

    public void Dispose()
    {
        _nodes.ForEach(n => n.Dispose());
        _services.ForEach(s => s.Dispose());
    }
}
