using System.Net;
using System.Net.Sockets;
using Allo.Scheduler.Options;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Behind a TLS-terminating proxy the connection comes from the proxy, over plain HTTP. The
/// X-Forwarded-For and X-Forwarded-Proto headers say who the client is and that it used HTTPS, but
/// anyone can send them, so they are believed only from the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> and <c>ForwardedHeaders:KnownNetworks</c> (and loopback, for
/// a proxy on the same machine). After <see cref="UseAlloForwardedHeaders"/> the request's scheme and
/// <c>RemoteIpAddress</c> are the client's: HSTS, the rate limits and the cookies' Secure flag follow them.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddAlloForwardedHeaders(this IServiceCollection services, IConfiguration configuration, bool isProduction)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = Read<IPAddress>(section, "KnownProxies", "addresses, for example 10.0.0.5,10.0.0.6", ParseAddress);
        var networks = Read<IPNetwork>(section, "KnownNetworks", "networks, for example 10.0.0.0/8,fd00::/8", ParseNetwork);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Walk back through every known proxy in a chain (a load balancer behind a CDN); the walk
            // stops at the first address that is not a known proxy, which is the client.
            o.ForwardLimit = null;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        // Every cookie (the staff sign-in, the booking draft, antiforgery, language, TempData) goes
        // through one policy. In Production always Secure: the service is only ever reached over
        // HTTPS there, and a proxy someone forgot to list must not leak the draft over plain HTTP.
        services.Configure<CookiePolicyOptions>(o =>
            o.Secure = isProduction ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseAlloForwardedHeaders(this IApplicationBuilder app) =>
        app.UseForwardedHeaders().UseCookiePolicy();

    private delegate bool Parser<T>(string text, out T value);

    private static List<T> Read<T>(IConfigurationSection section, string key, string example, Parser<T> parse)
    {
        var list = new List<T>();
        foreach (var item in (section[key] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!parse(item, out var value))
            {
                throw new ConfigurationProblem($"{section.Path}:{key} has '{item}'; set {section.Path}__{key} to the proxies' {example}.");
            }
            list.Add(value);
        }
        return list;
    }

    /// <summary>Strict: IPAddress.TryParse alone reads "10" as 0.0.0.10.</summary>
    private static bool ParseAddress(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 ? text.Contains(':') : text.Count(c => c == '.') == 3);

    /// <summary>"10.0.0.0/8"; a network with bits set after its prefix ("10.0.0.1/8") is refused as a likely typo.</summary>
    private static bool ParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        return text.Split('/') is [var prefix, var length] && ParseAddress(prefix, out var address) && int.TryParse(length, out _)
            && IPNetwork.TryParse(text, out network) && network.BaseAddress.Equals(address);
    }
}
