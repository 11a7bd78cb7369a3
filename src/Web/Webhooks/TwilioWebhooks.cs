using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
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
        group.MapPost("/sms", TextAsync);
        group.MapPost("/feedback/{messageId:guid}", FeedbackKeyAsync);
    }

    /// <summary>
    /// A text message from a citizen: answered with TwiML, in their language, in one segment. A number
    /// that floods the service is told once and then ignored for the rest of the minute.
    /// </summary>
    private static async Task<IResult> TextAsync(
        HttpRequest request, MessagingSettings settings, Scheduler.Texting.TextConversations conversations,
        Scheduler.Texting.TextFloodGuard guard, Scheduler.Texting.TextReplies replies, CancellationToken ct)
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
        var sid = form["MessageSid"].FirstOrDefault() ?? form["SmsSid"].FirstOrDefault();
        var from = form["From"].FirstOrDefault();
        var response = new Twilio.TwiML.MessagingResponse();
        if (string.IsNullOrEmpty(sid) || string.IsNullOrEmpty(from))
        {
            return Results.Content(response.ToString(), "application/xml");
        }
        switch (guard.Check(from))
        {
            case Scheduler.Texting.FloodVerdict.Warn:
                response.Message(replies.Bilingual("Reply.TooMany"));
                break;
            case Scheduler.Texting.FloodVerdict.Allowed:
                response.Message(await conversations.HandleAsync(sid, from, form["Body"].FirstOrDefault(), ct));
                break;
        }
        return Results.Content(response.ToString(), "application/xml");
    }

    /// <summary>
    /// The key a citizen pressed after the spoken thank-you (TwiML &lt;Gather&gt;). A key that is not
    /// 1–5 is asked for once more; then the call ends politely either way.
    /// </summary>
    private static async Task<IResult> FeedbackKeyAsync(
        Guid messageId, HttpRequest request, MessagingSettings settings, FeedbackService feedback, MessageTexts texts, CancellationToken ct)
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
        var (result, language) = await feedback.ReceiveKeyAsync(messageId, form["Digits"].FirstOrDefault(), ct);
        var response = new Twilio.TwiML.VoiceResponse();
        var voice = TwilioVoiceChannel.VoiceLanguage(language);
        if (result == FeedbackResult.Empty && request.Query["again"].Count == 0)
        {
            var action = new Uri(settings.PublicBaseUrl, $"webhooks/twilio/feedback/{messageId:N}?again=1");
            var gather = new Twilio.TwiML.Voice.Gather(numDigits: 1, action: action, method: Twilio.Http.HttpMethod.Post, timeout: 8);
            gather.Say(texts.Text(language, "Voice.FeedbackAgain"), language: voice);
            response.Append(gather);
        }
        else if (result != FeedbackResult.NotAsked)
        {
            response.Say(texts.Text(language, "Voice.FeedbackThanks"), language: voice);
        }
        return Results.Content(response.ToString(), "application/xml");
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
