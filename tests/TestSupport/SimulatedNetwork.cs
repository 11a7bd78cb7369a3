using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.TestSupport;

/// <summary>
/// TestServer has no network, so its requests come from no address. This gives each request the
/// address a real network would show the service — the peer in the test-only <see cref="PeerHeader"/>,
/// removed before the service's own pipeline runs — so that the service's real forwarded-headers
/// handling decides, as it would on Kestrel, whether to believe what the request says.
/// </summary>
public sealed class SimulatedNetwork : IStartupFilter
{
    public const string PeerHeader = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.Remove(PeerHeader, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }
            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>The factory's host with the simulated network in front of it.</summary>
    public static WebApplicationFactory<Program> Around(AlloFactory factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, SimulatedNetwork>()));

    /// <summary>
    /// A browser at <paramref name="client"/> that reaches the service at https://<paramref name="host"/>/
    /// through the TLS-terminating proxy at <paramref name="proxy"/>, keeping its cookies in <paramref name="cookies"/>.
    /// </summary>
    public static FormClient Browser(
        WebApplicationFactory<Program> service, string proxy, string client, CookieContainer cookies, string host = "allo.example.be", string acceptLanguage = "fr-BE")
    {
        var http = service.CreateDefaultClient(new Uri($"https://{host}/"),
            new RedirectHandler(), new CookieContainerHandler(cookies), new TlsTerminatingProxy(proxy, client));
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return new FormClient(http);
    }

    /// <summary>A plain HTTP client (the API's callers) at <paramref name="client"/> behind the proxy at <paramref name="proxy"/>.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> service, string proxy, string client, string host = "allo.example.be") =>
        service.CreateDefaultClient(new Uri($"https://{host}/"), new TlsTerminatingProxy(proxy, client));
}

/// <summary>
/// What a TLS-terminating proxy does: the browser speaks HTTPS to it; it passes the request on over
/// plain HTTP from its own address, appending the client's address to X-Forwarded-For (after
/// whatever the client itself put there) and setting X-Forwarded-Proto to https. Given an address
/// the service does not know as a proxy, it is a client that sends those headers itself.
/// </summary>
public sealed class TlsTerminatingProxy(string proxy, string client) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var forwarded = new HttpRequestMessage(request.Method, new UriBuilder(request.RequestUri!) { Scheme = "http", Port = -1 }.Uri)
        {
            Content = request.Content,
            Version = request.Version,
        };
        foreach (var header in request.Headers)
        {
            forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        var claimed = request.Headers.TryGetValues("X-Forwarded-For", out var values) ? string.Join(", ", values) + ", " : "";
        forwarded.Headers.Remove("X-Forwarded-For");
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-For", claimed + client);
        forwarded.Headers.Remove("X-Forwarded-Proto");
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        forwarded.Headers.TryAddWithoutValidation(SimulatedNetwork.PeerHeader, proxy);
        var response = await base.SendAsync(forwarded, cancellationToken);
        // The browser's side of the proxy: cookies and redirects are about the address it asked for.
        response.RequestMessage = request;
        return response;
    }
}
