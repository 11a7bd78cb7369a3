using System.Globalization;
using System.Threading.RateLimiting;
using Allo.Web.Api;
using Microsoft.AspNetCore.RateLimiting;

namespace Allo.Web.Infrastructure;

public static class RateLimiting
{
    /// <summary>Pages where a citizen proves a booking is theirs with its reference: guessing must be slow.</summary>
    public const string LookupPolicy = "lookup";

    /// <summary>Per client address, so one busy client cannot crowd out the others; 429 with Retry-After.</summary>
    public static IServiceCollection AddAlloRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimit:PermitsPerMinute", 120);
        if (permits < 1)
        {
            throw new Scheduler.Options.ConfigurationProblem($"RateLimit:PermitsPerMinute is {permits}; set RateLimit__PermitsPerMinute to a positive whole number.");
        }
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(BookingApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(LookupPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // Pages get the friendly error page in the citizen's language from the status-code middleware.
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; try again after the time in Retry-After.")
                        .ExecuteAsync(context.HttpContext);
                }
            };
        });
    }
}
