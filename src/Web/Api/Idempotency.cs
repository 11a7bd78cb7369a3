using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Allo.Scheduler.Bookings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Allo.Web.Api;

/// <summary>
/// Idempotency-Key on the operations that change something: a client whose request timed out sends
/// it again with the same key and gets the first answer (status, body, manage token, headers), not a
/// second booking or "already booked". The same key with another request is refused (422). Keys and
/// answers are in the database (<see cref="IdempotencyKeys"/>) for 24 hours, the answer encrypted with
/// the key ring every node shares; the retention job erases them with the booking's personal data.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const string ReplayedHeader = "Idempotency-Replayed";

    /// <summary>What a stored answer holds.</summary>
    private sealed record StoredAnswer(int Status, string ContentType, string Body, string? Location, string? ETag);

    /// <summary>Adds the filter, and the header and the 422 to the operation's description.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(FilterAsync)
            .WithMetadata(new ApiDocument.ResponseHeaders(null, [ReplayedHeader]), new ApiDocument.RequestHeader(Header,
                "A new random value (a UUID) per request. Sent again with the same request within 24 hours, it gets the first answer again, manage token included; with another request, 422."))
            .Problems(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused)
            .Problems(StatusCodes.Status409Conflict, ProblemTypes.Conflict);

    private static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await next(context);
        }
        if (key.Length > 255 || key.Any(c => c is < '!' or > '~'))
        {
            return ApiProblems.Invalid(Header, "Send a key of 1 to 255 visible ASCII characters, new for each request, for example a UUID.");
        }
        var operation = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "api";
        if (http.Request.RouteValues.TryGetValue("reference", out var reference) && reference is string r)
        {
            operation = $"{operation}:{(r.Length > 20 ? r[..20] : r)}";
        }
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var hash = RequestHash(context, json);
        var keys = http.RequestServices.GetRequiredService<IdempotencyKeys>();
        var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Allo.Api.Idempotency");
        var ct = http.RequestAborted;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var existing = await keys.FindAsync(key, operation, ct);
            if (existing is not null)
            {
                if (existing.RequestHash != hash)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: ProblemTypes.IdempotencyKeyReused,
                        title: "This Idempotency-Key was sent with another request; use a new key for a new request.");
                }
                if (existing.Status == 0 || existing.Response is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
                        title: "The first request with this Idempotency-Key is still being answered; try again in a moment.");
                }
                return Replay(JsonSerializer.Deserialize<StoredAnswer>(protector.Unprotect(existing.Response))!);
            }
            if (await keys.ReserveAsync(key, operation, hash, ct))
            {
                return await AnswerAndStoreAsync(context, next, keys, protector, json, key, operation);
            }
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
            title: "The first request with this Idempotency-Key is still being answered; try again in a moment.");
    }

    private static async Task<object?> AnswerAndStoreAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, IdempotencyKeys keys, IDataProtector protector,
        JsonSerializerOptions json, string key, string operation)
    {
        var http = context.HttpContext;
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await keys.ReleaseAsync(key, operation, CancellationToken.None);
            throw;
        }
        var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status >= 500 || inner is not IValueHttpResult { Value: { } value })
        {
            await keys.ReleaseAsync(key, operation, CancellationToken.None);
            return result;
        }
        var isProblem = value is Microsoft.AspNetCore.Mvc.ProblemDetails;
        var answer = new StoredAnswer(
            status,
            isProblem ? "application/problem+json" : "application/json",
            JsonSerializer.Serialize(value, value.GetType(), json),
            (inner as Created<BookingApi.BookingDto>)?.Location,
            http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null);
        await keys.CompleteAsync(key, operation, status, protector.Protect(JsonSerializer.Serialize(answer)),
            (value as BookingApi.BookingDto)?.Reference, CancellationToken.None);
        return result;
    }

    /// <summary>The request as the endpoint read it (route and body), so formatting and member order do not matter.</summary>
    private static string RequestHash(EndpointFilterInvocationContext context, JsonSerializerOptions json)
    {
        var read = context.Arguments.Where(a => a is BookingApi.BookingRequest or BookingApi.RescheduleRequest or string).Select(a => JsonSerializer.Serialize(a, json));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", read)))).ToLowerInvariant();
    }

    private static IResult Replay(StoredAnswer answer) => new ReplayedAnswer(answer);

    private sealed class ReplayedAnswer(StoredAnswer answer) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = answer.Status;
            http.Response.Headers[ReplayedHeader] = "true";
            if (answer.Location is not null)
            {
                http.Response.Headers.Location = answer.Location;
            }
            if (answer.ETag is not null)
            {
                http.Response.Headers.ETag = answer.ETag;
            }
            http.Response.ContentType = answer.ContentType;
            return http.Response.WriteAsync(answer.Body);
        }
    }
}
