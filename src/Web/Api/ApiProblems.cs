using Allo.Domain;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Allo.Web.Api;

/// <summary>
/// Every problem the API answers, by its <c>type</c> URI: the one place they are written. Partners
/// match on these, so a URI never changes once published (docs/api/problem-types.md describes each).
/// They name the problem, not a deployment: the same on every service that runs Allo.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://allo.example/problems/";
    public const string InvalidField = Base + "invalid-field";
    public const string SlotFull = Base + "slot-full";
    public const string PhoneAlreadyBooked = Base + "phone-already-booked";
    public const string Unreachable = Base + "unreachable";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string RateLimited = Base + "rate-limited";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string TooLarge = Base + "too-large";
    public const string ServerError = Base + "server-error";

    /// <summary>What each type means, for the OpenAPI document's descriptions.</summary>
    public static readonly IReadOnlyDictionary<string, string> Meaning = new Dictionary<string, string>
    {
        [InvalidField] = "A field, query parameter or header is missing or wrong; `errors` names each one with what to send.",
        [SlotFull] = "Someone else took the last seat at that time; `alternatives` lists the next free times for the same call.",
        [PhoneAlreadyBooked] = "This phone number already has an active booking; move or cancel that one instead.",
        [Unreachable] = "No channel the service has reaches this citizen; `reasons` say why and what to give instead.",
        [NotFound] = "No booking with that reference and manage token (a wrong token answers exactly like an unknown reference).",
        [Conflict] = "The booking cannot be changed now (its call has started, it is cancelled, or it is too close to its time).",
        [PreconditionFailed] = "The booking changed since the ETag sent in If-Match; read it again and decide again.",
        [IdempotencyKeyReused] = "This Idempotency-Key was used with another request body; use a new key for a new request.",
        [RateLimited] = "Too many requests from this client address; wait for the seconds in Retry-After.",
        [UnsupportedMediaType] = "Send the body as application/json.",
        [TooLarge] = "The request body is too large.",
        [ServerError] = "The service failed; nothing about the fault is disclosed. Try again later.",
    };

    /// <summary>The type for an error status whose answer did not name one (the status-code pages, the framework's own refusals).</summary>
    public static string? ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidField,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => TooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        >= 500 => ServerError,
        _ => null,
    };

    /// <summary>
    /// Gives every problem under /api a type from this list: the framework's defaults point at the HTTP
    /// specification, which tells a partner nothing about what to do.
    /// </summary>
    public static void Stamp(ProblemDetailsContext context)
    {
        if (!context.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }
        var problem = context.ProblemDetails;
        if (problem.Type is null || !problem.Type.StartsWith(Base, StringComparison.Ordinal))
        {
            problem.Type = ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode) ?? problem.Type;
        }
    }
}

/// <summary>
/// The shape of every error answer (RFC 9457 problem details, <c>application/problem+json</c>); the
/// members after <c>Instance</c> appear only with the problem types that carry them. Only describes:
/// the answers themselves are written as <see cref="ProblemDetails"/> with extensions.
/// </summary>
public sealed record ApiProblem
{
    /// <summary>Which problem: one of the URIs in docs/api/problem-types.md.</summary>
    public required string Type { get; init; }

    /// <summary>What went wrong, in the citizen's language where the request gave one.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    /// <summary>invalid-field: each wrong field (a JSON path for a body that cannot be read, or a header) with what to send.</summary>
    public IDictionary<string, string[]>? Errors { get; init; }

    /// <summary>slot-full: the next free times for the same call.</summary>
    public BookingApi.SlotDto[]? Alternatives { get; init; }

    /// <summary>unreachable: the contact rules that found no channel, each with the way out.</summary>
    public ReasonDto[]? Reasons { get; init; }

    /// <summary>Quote it when asking the operator about this answer.</summary>
    public string? TraceId { get; init; }
}

/// <summary>How the API turns an outcome of the engine into a problem answer.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Failure(BookingOutcome outcome, JsonStringLocalizer text, Language language, DateTimeZone zone) => outcome switch
    {
        BookingOutcome.Invalid invalid => Invalid(
            invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => text.In(language, e.MessageKey)).ToArray()),
            text.In(language, "Common.ErrorSummaryTitle")),
        BookingOutcome.SlotFull full => TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = text.In(language, "Error.Slot.Taken"),
            Type = ProblemTypes.SlotFull,
            Extensions = { ["alternatives"] = full.Alternatives.Select(a => BookingApi.ToDto(a, zone)).ToArray() },
        }),
        BookingOutcome.Unreachable unreachable => TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = string.Join(" ", unreachable.Reasons.Select(r => text.In(language, $"Rule.{r.RuleId}"))),
            Type = ProblemTypes.Unreachable,
            Extensions = { ["reasons"] = unreachable.Reasons.Select(r => new ReasonDto(r.RuleId, text.In(language, $"Rule.{r.RuleId}"))).ToArray() },
        }),
        BookingOutcome.PhoneAlreadyBooked => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: text.In(language, "Error.Phone.AlreadyBooked"), type: ProblemTypes.PhoneAlreadyBooked),
        BookingOutcome.Refused refused => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: text.In(language, refused.MessageKey), type: ProblemTypes.Conflict),
        BookingOutcome.Changed => PreconditionFailed(),
        _ => NotFound(),
    };

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No booking with that reference and token.", type: ProblemTypes.NotFound);

    public static ProblemHttpResult PreconditionFailed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
            title: "The booking changed since the version in If-Match; read it again.", type: ProblemTypes.PreconditionFailed);

    /// <summary>One wrong field, named, with what to send instead.</summary>
    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string title) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Type = ProblemTypes.InvalidField,
        });
}
