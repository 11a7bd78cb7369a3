using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Allo.Web.Infrastructure;

public static class RateLimiting
{
    /// <summary>Pages where a citizen proves a booking is theirs with its reference: guessing must be slow.</summary>
    public const string LookupPolicy = "lookup";

    /// <summary>Per client address, so one busy client cannot crowd out the others; 429 with Retry-After. The API's is <see cref="Api.ApiRateLimit"/>.</summary>
    public static IServiceCollection AddAlloRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimit");
        var lookups = Scheduler.Options.SettingReader.WholeNumber(section, "LookupPermitsPerMinute", 20, 1, 10_000_000);
        // The budgets are per minute; a longer window exists so tests can count requests against a
        // budget that never starts afresh half-way through (the limiter's clock is not one a test controls).
        var window = TimeSpan.FromSeconds(Scheduler.Options.SettingReader.WholeNumber(section, "WindowSeconds", 60, 1, 86_400));
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LookupPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = lookups, Window = window, QueueLimit = 0 }));
            options.OnRejected = (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // Pages get the friendly error page in the citizen's language from the status-code middleware;
                // the API has its own limit, which tells what is left (ApiRateLimit).
                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>
    /// Whose budget a request counts against: the client's address, which behind a known proxy is
    /// the one it forwarded (ForwardedHeadersSetup runs first). An IPv6 client owns a whole /64 and
    /// can pick a new address in it at will, so it counts as one; an IPv4 address mapped into IPv6
    /// by a dual-stack socket counts as itself.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPNetwork(new IPAddress(address.GetAddressBytes()[..8].Concat(new byte[8]).ToArray()), 64).ToString()
            : address.ToString();
    }
}
