using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Allo.Web.Infrastructure;

/// <summary>
/// What a request that goes wrong gets back. Under /api: problem+json, always — a body the API could
/// not read names the field it stumbled on, and an unexpected exception is a 500 without details.
/// Everywhere else: the friendly page in the citizen's language (outside Development, where the
/// developer page shows the exception instead).
/// </summary>
public static class ErrorResponses
{
    /// <summary>
    /// A body the API cannot bind (malformed JSON, a string where a number goes) reaches the handler
    /// below as an exception, so the problem can name the field instead of saying only "Bad Request".
    /// </summary>
    public static IServiceCollection AddErrorResponses(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    /// <summary>
    /// Machines get problem+json for every error status; people get a page in their language. Goes
    /// first in the pipeline (after the security headers), so that it sees everything after it.
    /// </summary>
    public static WebApplication UseErrorResponses(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = WriteApiProblemAsync,
                // A client's malformed request is its mistake, not the service's: no error in the log.
                SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
            });
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler("/error/500");
            }
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
            // The webhooks read their own forms and answer Twilio in TwiML.
            pages.UseWhen(c => !c.Request.Path.StartsWithSegments("/webhooks"), forms => forms.Use(RefuseUnreadableFormsAsync));
        });
        return app;
    }

    /// <summary>
    /// A form post the server cannot read (more fields than any form has, a charset nobody uses, a
    /// multipart body without its boundary, a field name with brackets) is refused here, before antiforgery or a page tries to
    /// read it: 400, or 415 for an encoding it does not know. What follows — the error page, which
    /// runs again for this very request — reads an empty form rather than failing in turn.
    /// </summary>
    private static async Task RefuseUnreadableFormsAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.HasFormContentType)
        {
            int? refused = null;
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                // MVC reads a field name with brackets as jQuery's a[b] and throws on one it cannot pair;
                // no form here has brackets in a name, so such a post is one nobody's browser sent.
                if (form.Keys.Any(k => k.AsSpan().IndexOfAny('[', ']') >= 0))
                {
                    refused = StatusCodes.Status400BadRequest;
                }
            }
            catch (BadHttpRequestException e)
            {
                refused = e.StatusCode;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                refused = StatusCodes.Status400BadRequest;
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException)
            {
                refused = StatusCodes.Status415UnsupportedMediaType;
            }
            if (refused is { } status)
            {
                context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                context.Response.StatusCode = status;
                return;
            }
        }
        await next(context);
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static Task WriteApiProblemAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        IResult problem = error switch
        {
            BadHttpRequestException { InnerException: JsonException json } => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [FieldOf(json)] = ["This value cannot be read here: check its type and the JSON around it."] },
                title: "The request body is not the JSON this endpoint reads."),
            BadHttpRequestException bad => TypedResults.Problem(statusCode: bad.StatusCode, title: bad.StatusCode switch
            {
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                _ => "The request cannot be read.",
            }),
            // Nothing about the exception leaves the service: it is in the log, with the trace id.
            _ => TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError,
                title: "Sorry, there is a problem with the service. Try again later."),
        };
        return problem.ExecuteAsync(http);
    }

    /// <summary>"$.needs.proxy.name" as "needs.proxy.name"; the whole body ("$", or no path) as "body".</summary>
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
}
