using Allo.Scheduler.Messaging;
using Twilio.Security;

namespace Allo.Web.Webhooks;

/// <summary>
/// What Twilio tells us about messages and calls we sent. Every request must carry a valid
/// X-Twilio-Signature for the configured public URL (so it works behind a proxy); otherwise 403.
/// </summary>
public static class TwilioWebhooks
{
    public static void MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks/twilio").DisableAntiforgery().ExcludeFromDescription();
        group.MapPost("/status", StatusAsync);
    }

    private static async Task<IResult> StatusAsync(HttpRequest request, MessagingSettings settings, MessageDispatcher dispatcher, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }
        var form = await request.ReadFormAsync(ct);
        if (!IsSigned(request, form, settings))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        var sid = form["MessageSid"].FirstOrDefault() ?? form["CallSid"].FirstOrDefault();
        var status = Map(form["MessageStatus"].FirstOrDefault() ?? form["CallStatus"].FirstOrDefault());
        if (string.IsNullOrEmpty(sid) || status is null)
        {
            // A status we do not track (queued, ringing…): acknowledged, nothing to change.
            return Results.NoContent();
        }
        var error = form["ErrorCode"].FirstOrDefault() is { Length: > 0 } code ? $"Twilio error {code}" : null;
        await dispatcher.RecordStatusAsync(sid, status.Value, error, ct);
        return Results.NoContent();
    }

    /// <summary>Twilio's message and call statuses in our one vocabulary.</summary>
    public static DeliveryStatus? Map(string? twilioStatus) => twilioStatus switch
    {
        "sent" => DeliveryStatus.Sent,
        "delivered" or "read" or "completed" => DeliveryStatus.Delivered,
        "undelivered" => DeliveryStatus.Undeliverable,
        "failed" or "busy" or "no-answer" or "canceled" => DeliveryStatus.Failed,
        _ => null,
    };

    public static bool IsSigned(HttpRequest request, IFormCollection form, MessagingSettings settings)
    {
        if (settings.Twilio is not { } twilio)
        {
            // Without Twilio there is no token to check a signature against, so nothing is trusted.
            return false;
        }
        var signature = request.Headers["X-Twilio-Signature"].FirstOrDefault();
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }
        var url = new Uri(twilio.PublicBaseUrl, request.Path.Value!.TrimStart('/') + request.QueryString).ToString();
        var parameters = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        return new RequestValidator(twilio.AuthToken).Validate(url, parameters, signature);
    }
}
