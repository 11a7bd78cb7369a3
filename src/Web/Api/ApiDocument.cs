using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Allo.Web.Api;

/// <summary>
/// The OpenAPI 3.1 document at /openapi/v1.json. It is generated from the endpoints' typed results,
/// the records they read and write (with their XML comments) and the metadata below; these
/// transformers only add what the types cannot say: the problems each status carries, examples,
/// the manage-token scheme and the headers. Nothing in it is written by hand as JSON.
/// </summary>
public static class ApiDocument
{
    public const string ManageTokenScheme = "manageToken";
    public const string ManageTokenQueryScheme = "manageTokenQuery";

    /// <summary>Marks an operation that needs the booking's manage token.</summary>
    public sealed class ManageTokenRequired;

    /// <summary>The problem types an operation can answer with this status.</summary>
    public sealed record ProblemResponse(int Status, string[] Types);

    /// <summary>An example of what an operation answers with this status.</summary>
    public sealed record ResponseExample(int Status, object Example);

    /// <summary>An example of the body an operation reads.</summary>
    public sealed record RequestExample(object Example);

    /// <summary>A request header an operation reads outside its parameters (in an endpoint filter).</summary>
    public sealed record RequestHeader(string Name, string Description);

    /// <summary>Response headers an operation sends with this status (null: with every status).</summary>
    public sealed record ResponseHeaders(int? Status, string[] Names);

    public static IServiceCollection AddAlloOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            // The contract is the JSON API; pages, feeds and webhooks are not part of it.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            // "DecidedDtoOfMessage[]" is no valid component name; generic arguments that are arrays become "…List".
            o.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type)?.Replace("[]", "List", StringComparison.Ordinal);
            o.AddSchemaTransformer((schema, context, _) =>
            {
                LeaveOutOptional(schema, context.JsonTypeInfo);
                RequireOnlyWhatIsDemanded(schema, context.JsonTypeInfo);
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                return Task.CompletedTask;
            });
        });

    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, int status, params string[] types) =>
        builder.WithMetadata(Problem(status, types), new ProblemResponse(status, types));

    public static RouteGroupBuilder Problems(this RouteGroupBuilder builder, int status, params string[] types) =>
        builder.WithMetadata(Problem(status, types), new ProblemResponse(status, types));

    public static RouteHandlerBuilder Example(this RouteHandlerBuilder builder, int status, object example) =>
        builder.WithMetadata(new ResponseExample(status, example));

    public static RouteHandlerBuilder BodyExample(this RouteHandlerBuilder builder, object example) =>
        builder.WithMetadata(new RequestExample(example));

    public static RouteHandlerBuilder Headers(this RouteHandlerBuilder builder, int status, params string[] names) =>
        builder.WithMetadata(new ResponseHeaders(status, names));

    public static RouteHandlerBuilder RequiresManageToken(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ManageTokenRequired())
            .Problems(StatusCodes.Status404NotFound, ProblemTypes.NotFound);

    private static ProducesResponseTypeMetadata Problem(int status, string[] types) =>
        new(status, typeof(ApiProblem), ["application/problem+json"]);

    /// <summary>What every response header this API sends means.</summary>
    private static readonly Dictionary<string, (string Description, JsonSchemaType Type)> HeaderMeanings = new()
    {
        ["Location"] = ("The new booking's address.", JsonSchemaType.String),
        ["ETag"] = ("The booking's version (its sequence, quoted); send it back in If-Match to change only what you read.", JsonSchemaType.String),
        ["Idempotency-Replayed"] = ("true when this is the stored answer to an earlier request with the same Idempotency-Key.", JsonSchemaType.String),
        ["Retry-After"] = ("Seconds to wait before the next request.", JsonSchemaType.Integer),
        ["RateLimit-Limit"] = ("Requests a client address may make per window (a minute).", JsonSchemaType.Integer),
        ["RateLimit-Remaining"] = ("Requests left in the current window.", JsonSchemaType.Integer),
        ["RateLimit-Reset"] = ("Seconds until the window starts afresh.", JsonSchemaType.Integer),
    };

    /// <summary>A member the serializer leaves out when it is null (a refused plan's decisions) is not required.</summary>
    private static void LeaveOutOptional(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (schema.Required is not { Count: > 0 } required || type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).OfType<JsonIgnoreAttribute>()
                .Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true)
            {
                required.Remove(property.Name);
            }
        }
    }

    /// <summary>
    /// What a request must carry, as the handlers check it (each is nullable in C# only so that leaving it
    /// out gets a 400 naming it, not a 500). The generator would otherwise call every constructor parameter
    /// required, and a client generated from the document could not leave out an email address or the needs.
    /// </summary>
    private static readonly Dictionary<Type, string[]> Demanded = new()
    {
        [typeof(BookingApi.BookingRequest)] = ["slotStart", "phone", "language"],
        [typeof(BookingApi.ContactPlanRequest)] = ["phone", "language"],
        [typeof(BookingApi.RescheduleRequest)] = ["slotStart"],
        [typeof(BookingApi.NeedsDto)] = [],
        [typeof(BookingApi.ProxyDto)] = ["name", "phone"],
    };

    private static void RequireOnlyWhatIsDemanded(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (Demanded.TryGetValue(type.Type, out var demanded))
        {
            schema.Required = new HashSet<string>(demanded);
        }
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Allo API",
            Version = "v1",
            Description = """
                Book, read, move and cancel a callback from a tax official, and ask the contact rules how a
                citizen will be reached. The same rules as the web pages, text messages and phone menu.

                Versioning: additive changes (a new operation, a new optional field or header, a new member in
                an answer, a new problem type) stay in v1, so read answers tolerantly. Anything that breaks a
                client (a removed or renamed member, a new required field, another meaning or status) goes to
                /api/v2, and v1 keeps answering.

                Errors are application/problem+json; their `type` URIs are stable (docs/api/problem-types.md).
                Limits: `GET /api/v1/slots` returns at most 62 days per request (page by `from`); every client
                address may make `RateLimit:PermitsPerMinute` (default 120) requests a minute, told on every
                answer in RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, then gets 429 with Retry-After.
                Retries: send an Idempotency-Key with POST /api/v1/bookings and /reschedule; the same key and
                body within 24 hours get the original answer, manage token included.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ManageTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Manage-Token",
            Description = "The manage token from the answer that made the booking. A wrong token answers 404, as an unknown reference does.",
        };
        document.Components.SecuritySchemes[ManageTokenQueryScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "token",
            Description = "The manage token as a query parameter, for links a calendar app or browser opens; prefer the header.",
        };
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var json = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        if (metadata.OfType<ManageTokenRequired>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ManageTokenScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ManageTokenQueryScheme, context.Document)] = [] },
            ];
        }
        if (metadata.OfType<RequestExample>().LastOrDefault() is { } request && operation.RequestBody?.Content is { } bodies)
        {
            foreach (var media in bodies.Values)
            {
                media.Example = JsonSerializer.SerializeToNode(request.Example, json);
            }
        }
        foreach (var header in metadata.OfType<RequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        }
        if (operation.Responses is null)
        {
            return;
        }
        foreach (var example in metadata.OfType<ResponseExample>())
        {
            if (operation.Responses.TryGetValue(example.Status.ToString(), out var response) && response.Content is { } contents)
            {
                foreach (var media in contents.Values)
                {
                    media.Example = JsonSerializer.SerializeToNode(example.Example, json);
                }
            }
        }
        // Several declarations of one status (the endpoint's and its idempotency filter's) add up.
        var problems = metadata.OfType<ProblemResponse>().GroupBy(p => p.Status)
            .Select(g => new ProblemResponse(g.Key, [.. g.SelectMany(p => p.Types).Distinct()]));
        foreach (var problem in problems)
        {
            if (operation.Responses.TryGetValue(problem.Status.ToString(), out var response) && response.Content is { } contents)
            {
                if (response is OpenApiResponse writable)
                {
                    writable.Description = string.Join(" ", problem.Types.Select(t => $"`{t[ProblemTypes.Base.Length..]}`: {ProblemTypes.Meaning[t]}"));
                }
                foreach (var media in contents.Values)
                {
                    media.Examples = problem.Types.ToDictionary(
                        t => t[ProblemTypes.Base.Length..],
                        t => (IOpenApiExample)new OpenApiExample { Summary = ProblemTypes.Meaning[t], Value = JsonSerializer.SerializeToNode(ApiExamples.Problem(t, problem.Status), json) });
                }
            }
        }
        foreach (var (status, value) in operation.Responses)
        {
            if (value is not OpenApiResponse response)
            {
                continue;
            }
            var names = metadata.OfType<ResponseHeaders>().Where(h => h.Status is null || h.Status.ToString() == status).SelectMany(h => h.Names)
                .Concat(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"])
                .Concat(status == "429" ? ["Retry-After"] : []);
            foreach (var name in names.Distinct())
            {
                var (description, type) = HeaderMeanings[name];
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
            }
        }
    }
}
