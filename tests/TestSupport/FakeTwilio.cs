using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allo.TestSupport;

/// <summary>
/// A Twilio API stand-in on a loopback port for the real Twilio SDK: it records each Messages and
/// Calls request, answers like Twilio (JSON with sid and status), can fail the next requests or hold
/// one until the test releases it, and sends signed status callbacks the way Twilio does.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000000";
    public const string AuthToken = "fake-twilio-auth-token";
    public const string From = "+3225725757";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly ConcurrentQueue<Recorded> _requests = new();
    private readonly ConcurrentQueue<Hold> _holds = new();
    private int _counter;
    private readonly ConcurrentDictionary<string, byte> _recipients = new();
    private bool _keepForms = true;

    public sealed record Recorded(string Kind, string Sid, IReadOnlyDictionary<string, string> Form, DateTime At);

    private sealed record Failure(int Status, int Code, Hold? Hold = null);

    /// <summary>
    /// A request the fake keeps waiting: <see cref="Arrived"/> completes when the request is in, and the
    /// fake answers (accepted) only after <see cref="Release"/>, so a test decides what happens meanwhile.
    /// A client that gives up first (its timeout) gets no answer and nothing is recorded.
    /// </summary>
    public sealed class Hold
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => _arrived.Task;

        public void Release() => _released.TrySetResult();

        internal async Task<bool> WaitAsync(CancellationToken aborted)
        {
            _arrived.TrySetResult();
            try
            {
                await _released.Task.WaitAsync(aborted);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private FakeTwilio(WebApplication app)
    {
        _app = app;
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", context => Handle(context, "SM", "Message"));
        app.MapPost("/2010-04-01/Accounts/{account}/Calls.json", context => Handle(context, "CA", "Call"));
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<Recorded> Requests => [.. _requests];

    public IReadOnlyList<Recorded> Messages => [.. _requests.Where(r => r.Kind == "Message")];

    public IReadOnlyList<Recorded> Calls => [.. _requests.Where(r => r.Kind == "Call")];

    /// <summary>How many different numbers accepted requests went to; with forms kept, counted from <see cref="Requests"/>.</summary>
    public int Recipients => _keepForms ? _requests.Select(r => r.Form.GetValueOrDefault("To")).Distinct().Count() : _recipients.Count;

    /// <summary>
    /// How long each accepted request waits before it is answered, as Twilio's API takes a while: a
    /// benchmark sets it to see whether a sender keeps the provider busy. Tests leave it at zero.
    /// </summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Requests accepted so far, without copying the list (a benchmark polls it).</summary>
    public int Accepted => Volatile.Read(ref _counter);

    /// <summary>
    /// With <paramref name="keepForms"/> false no request is kept, only which numbers were sent to
    /// (<see cref="Recipients"/>, enough to count duplicates), so a benchmark's hundred thousand texts
    /// weigh about as little on the memory it measures as the numbers themselves.
    /// </summary>
    public static async Task<FakeTwilio> StartAsync(bool keepForms)
    {
        var fake = await StartAsync();
        fake._keepForms = keepForms;
        return fake;
    }

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeTwilio(builder.Build());
        await fake._app.StartAsync();
        fake.BaseUrl = new Uri(fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>The service's Twilio settings for talking to this fake, with callbacks expected at <paramref name="publicBaseUrl"/>.</summary>
    public Dictionary<string, string> Settings(string publicBaseUrl = "https://allo.example/") => new()
    {
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:AuthToken"] = AuthToken,
        ["Twilio:From"] = From,
        ["Twilio:PublicBaseUrl"] = publicBaseUrl,
        ["Twilio:ApiBaseUrl"] = BaseUrl.ToString(),
    };

    /// <summary>The next request answers this HTTP status (and Twilio error code).</summary>
    public void FailNext(int status, int code = 0) => _failures.Enqueue(new Failure(status, code));

    /// <summary>The next request is held until the returned hold is released (a provider call in flight, or one that never answers).</summary>
    public Hold HoldNext()
    {
        var hold = new Hold();
        _holds.Enqueue(hold);
        _failures.Enqueue(new Failure(201, 0, hold));
        return hold;
    }

    /// <summary>Posts a status callback, signed with the auth token, as Twilio does after a message or call.</summary>
    public async Task<HttpResponseMessage> SendStatusAsync(HttpClient client, Uri callback, string sid, string status, string? signedUrl = null, string? token = null)
    {
        var form = new Dictionary<string, string>
        {
            [sid.StartsWith("SM", StringComparison.Ordinal) ? "MessageSid" : "CallSid"] = sid,
            [sid.StartsWith("SM", StringComparison.Ordinal) ? "MessageStatus" : "CallStatus"] = status,
            ["AccountSid"] = AccountSid,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(signedUrl ?? callback.ToString(), form, token ?? AuthToken));
        return await client.SendAsync(request);
    }

    /// <summary>Twilio's request signature: HMAC-SHA1 over the URL and the sorted form fields, base64.</summary>
    public static string Sign(string url, IReadOnlyDictionary<string, string> form, string token)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }

    private async Task Handle(HttpContext context, string prefix, string kind)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        if (_failures.TryDequeue(out var failure))
        {
            if (failure.Hold is { } hold && !await hold.WaitAsync(context.RequestAborted))
            {
                return;
            }
            if (failure.Status >= 400)
            {
                context.Response.StatusCode = failure.Status;
                await context.Response.WriteAsJsonAsync(new { code = failure.Code, message = $"Injected failure {failure.Status}", more_info = "https://www.twilio.com/docs/errors", status = failure.Status });
                return;
            }
        }
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay, context.RequestAborted);
        }
        var sid = $"{prefix}{Interlocked.Increment(ref _counter):D32}";
        if (_keepForms)
        {
            _requests.Enqueue(new Recorded(kind, sid, form, DateTime.UtcNow));
        }
        else
        {
            _recipients.TryAdd(form.GetValueOrDefault("To") ?? "", 0);
        }
        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["sid"] = sid,
            ["account_sid"] = AccountSid,
            ["to"] = form.GetValueOrDefault("To"),
            ["from"] = form.GetValueOrDefault("From"),
            ["body"] = form.GetValueOrDefault("Body"),
            ["status"] = "queued",
            ["direction"] = "outbound-api",
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/{kind}s/{sid}.json",
        });
    }

    public async ValueTask DisposeAsync()
    {
        // A hold the test never released must not keep the server from stopping.
        foreach (var hold in _holds)
        {
            hold.Release();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
