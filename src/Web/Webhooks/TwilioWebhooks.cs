using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Texting;
using Allo.Scheduler.Voice;
using Microsoft.AspNetCore.Diagnostics;
using Twilio.TwiML;

namespace Allo.Web.Webhooks;

/// <summary>
/// What Twilio tells us: texts from citizens, calls to the phone menu, keys pressed after a spoken thank-you or offer, and the status of
/// what we sent. Every endpoint reads its request through <see cref="TwilioForm"/> before anything
/// else, so a request that is not Twilio's (unsigned, too large, a re-split signature) is refused
/// and changes nothing; and every endpoint answers Twilio itself — TwiML or a bare status — in every
/// environment, never an error page or a stack trace.
/// </summary>
public static class TwilioWebhooks
{
    public static void MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks/twilio").DisableAntiforgery().ExcludeFromDescription();
        group.MapPost("/sms", TextAsync).AsTwilioWebhook(
            required: ["MessageSid", "From"],
            malformed: async (http, form) => Sms(await http.RequestServices.GetRequiredService<TextConversations>().NotReadAsync(form["From"], form["Body"], http.RequestAborted)),
            failed: http => Sms(http.RequestServices.GetRequiredService<TextReplies>().Bilingual("Reply.Busy")));
        group.MapPost("/feedback/{messageId:guid}", FeedbackKeyAsync).AsTwilioWebhook(
            required: ["CallSid"],
            malformed: (_, _) => Task.FromResult(Results.BadRequest()),
            failed: _ => Results.Content(new VoiceResponse().ToString(), "application/xml"));
        group.MapPost("/offer/{messageId:guid}", OfferKeyAsync).AsTwilioWebhook(
            required: ["CallSid"],
            malformed: (_, _) => Task.FromResult(Results.BadRequest()),
            failed: http => Voice(http, http.RequestServices.GetRequiredService<VoiceConversations>().Apology()));
        group.MapPost("/voice", VoiceAsync).AsTwilioWebhook(
            required: ["CallSid"],
            malformed: (http, _) => Task.FromResult(Voice(http, http.RequestServices.GetRequiredService<VoiceConversations>().Apology())),
            failed: http => Voice(http, http.RequestServices.GetRequiredService<VoiceConversations>().Apology()));
        group.MapPost("/status", StatusAsync).AsTwilioWebhook(
            required: [],
            malformed: (_, _) => Task.FromResult(Results.BadRequest()),
            failed: _ => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
    }

    /// <summary>
    /// Reads the request with <see cref="TwilioForm"/> before the handler runs, which then finds the
    /// form with <see cref="Form"/>: a refused request gets its status, a signed but malformed one
    /// the endpoint's polite answer, and an unexpected failure the endpoint's apology (logged).
    /// </summary>
    private static RouteHandlerBuilder AsTwilioWebhook(
        this RouteHandlerBuilder endpoint, string[] required, Func<HttpContext, TwilioForm, Task<IResult>> malformed, Func<HttpContext, IResult> failed) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // Twilio reads the status and the TwiML; the page for people would only be noise to it.
            if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioWebhooks));
            try
            {
                var settings = http.RequestServices.GetRequiredService<MessagingSettings>();
                switch (await TwilioForm.ReadAsync(http.Request, settings.Twilio, required, http.RequestAborted))
                {
                    case TwilioRequest.Refused refused:
                        log.LogWarning("Twilio webhook {Path} refused with {Status}: {Problem}.", http.Request.Path, refused.Status, refused.Problem);
                        return Results.StatusCode(refused.Status);
                    case TwilioRequest.Malformed bad:
                        log.LogWarning("Twilio webhook {Path} signed but not acted on: {Problem}.", http.Request.Path, bad.Problem);
                        return await malformed(http, bad.Form);
                    case TwilioRequest.Valid valid:
                        http.Features.Set(valid.Form);
                        return await next(context);
                    default:
                        throw new InvalidOperationException("Unknown TwilioRequest.");
                }
            }
            catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
            {
                log.LogError(e, "Twilio webhook {Path} failed.", http.Request.Path);
                return failed(http);
            }
        });

    /// <summary>The form <see cref="AsTwilioWebhook"/> read and accepted for this request.</summary>
    private static TwilioForm Form(HttpContext http) =>
        http.Features.Get<TwilioForm>() ?? throw new InvalidOperationException("A Twilio webhook must be mapped with AsTwilioWebhook(…).");

    private static IResult Sms(string? reply)
    {
        var response = new MessagingResponse();
        if (reply is not null)
        {
            response.Message(reply);
        }
        return Results.Content(response.ToString(), "application/xml");
    }

    /// <summary>
    /// A text message from a citizen: answered with TwiML, in their language, in one segment. A number
    /// that floods the service is told once and then ignored for the rest of the minute.
    /// </summary>
    private static async Task<IResult> TextAsync(HttpContext http, TextConversations conversations, TextFloodGuard guard, TextReplies replies, CancellationToken ct)
    {
        var form = Form(http);
        var from = form["From"]!;
        return guard.Check(from) switch
        {
            FloodVerdict.Allowed => Sms(await conversations.HandleAsync(form["MessageSid"]!, from, form["Body"], ct)),
            FloodVerdict.Warn => Sms(replies.Bilingual("Reply.TooMany")),
            _ => Sms(null),
        };
    }

    /// <summary>
    /// The key a citizen pressed after the spoken thank-you (TwiML &lt;Gather&gt;). A key that is not
    /// 1–5 is asked for once more; then the call ends politely either way.
    /// </summary>
    private static async Task<IResult> FeedbackKeyAsync(Guid messageId, HttpContext http, MessagingSettings settings, FeedbackService feedback, MessageTexts texts, CancellationToken ct)
    {
        var form = Form(http);
        var (result, language) = await feedback.ReceiveKeyAsync(messageId, form["Digits"], ct);
        var response = new VoiceResponse();
        var voice = TwilioVoiceChannel.VoiceLanguage(language);
        if (result == FeedbackResult.Empty && http.Request.Query["again"].Count == 0)
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

    /// <summary>
    /// A call to the service's number: the phone menu, one turn per request. The turn is in the address
    /// the last answer gave (none for the call's first request), so a retry is recognised.
    /// </summary>
    private static async Task<IResult> VoiceAsync(HttpContext http, VoiceConversations calls, CancellationToken ct)
    {
        var form = Form(http);
        return Voice(http, await calls.HandleAsync(form["CallSid"]!, Turn(http), form["From"], form["Digits"], ct));
    }

    /// <summary>
    /// The key pressed in a spoken waitlist offer (a call to a landline): 1 takes the held time, 2 says
    /// no, anything else is asked once more; the turn is in the address, so a retry hears the same answer.
    /// </summary>
    private static async Task<IResult> OfferKeyAsync(Guid messageId, HttpContext http, OfferCalls offers, CancellationToken ct)
    {
        var form = Form(http);
        return Voice(http, await offers.AnswerAsync(messageId, form["CallSid"]!, Turn(http), form["Digits"], ct), MessageTexts.OfferCallPath(messageId));
    }

    /// <summary>The turn in the address the last answer gave; none (a call's first request) is 0.</summary>
    private static int Turn(HttpContext http) =>
        int.TryParse(http.Request.Query["turn"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) && t is >= 0 and <= 1000 ? t : 0;

    private static IResult Voice(HttpContext http, VoiceReply reply, string path = VoiceTwiml.Path) =>
        Results.Content(VoiceTwiml.Render(reply, http.RequestServices.GetRequiredService<MessagingSettings>().PublicBaseUrl, path), "application/xml");

    private static async Task<IResult> StatusAsync(HttpContext http, MessageDispatcher dispatcher, CancellationToken ct)
    {
        var form = Form(http);
        var sid = form["MessageSid"] ?? form["CallSid"];
        var status = Map(form["MessageStatus"] ?? form["CallStatus"]);
        if (string.IsNullOrEmpty(sid) || status is null)
        {
            // A status we do not track (queued, ringing…): acknowledged, nothing to change.
            return Results.NoContent();
        }
        var error = form["ErrorCode"] is { Length: > 0 } code ? $"Twilio error {code}" : null;
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
}
