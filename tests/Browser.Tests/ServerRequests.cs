using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Allo.Browser.Tests;

/// <summary>
/// Every request that reaches the shared server while this is alive, taken from ASP.NET Core's own
/// diagnostic events: what the browser really sent over the wire, revalidations (304) included, and
/// nothing it served from its cache. Browser tests run one after another, so no other test's requests mix in.
/// </summary>
public sealed class ServerRequests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string RequestStarted = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start";
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly List<IDisposable> _subscriptions = [];

    public ServerRequests() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    /// <summary>The path and query of each request since the last call, in the order they arrived.</summary>
    public List<string> Take()
    {
        var taken = new List<string>();
        while (_requests.TryDequeue(out var request))
        {
            taken.Add(request);
        }
        return taken;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name.StartsWith("Microsoft.AspNetCore.Hosting.HttpRequestIn", StringComparison.Ordinal)));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value is { Key: RequestStarted, Value: HttpContext context })
        {
            _requests.Enqueue(context.Request.Path + context.Request.QueryString);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
