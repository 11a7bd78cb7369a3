using Allo.Domain.Contact;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;

namespace Allo.Scheduler.Messaging.Channels;

/// <summary>Text messages through Twilio's Messages API, with a signed status callback for delivery.</summary>
public sealed class TwilioSmsChannel(TwilioClientFactory twilio) : IMessageChannel
{
    public Channel Channel => Channel.Sms;
    public string Provider => "twilio";

    public async Task<SendResult> SendAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken ct)
    {
        var options = new CreateMessageOptions(new Twilio.Types.PhoneNumber(message.To))
        {
            Body = rendered.Text,
            StatusCallback = twilio.StatusCallback,
        };
        // The Messaging Service picks a number from its pool; naming From too would pin every text to that one number.
        if (twilio.Settings.MessagingServiceSid is { } service)
        {
            options.MessagingServiceSid = service;
        }
        else
        {
            options.From = new Twilio.Types.PhoneNumber(twilio.Settings.From);
        }
        var created = await TwilioErrors.Classify(() => MessageResource.CreateAsync(options, twilio.Client));
        return new SendResult(created.Sid, DeliveryStatus.Sent);
    }
}

/// <summary>Spoken messages: Twilio calls the number and reads the text twice with TwiML &lt;Say&gt;.</summary>
public sealed class TwilioVoiceChannel(TwilioClientFactory twilio, MessageTexts texts) : IMessageChannel
{
    public Channel Channel => Channel.Voice;
    public string Provider => "twilio";

    /// <summary>Twilio's text-to-speech voice for each language.</summary>
    public static Twilio.TwiML.Voice.Say.LanguageEnum VoiceLanguage(Allo.Domain.Language language) => language switch
    {
        Allo.Domain.Language.Nl => "nl-BE",
        Allo.Domain.Language.Fr => "fr-BE",
        Allo.Domain.Language.De => "de-DE",
        _ => "en-GB",
    };

    /// <summary>
    /// The spoken message, said twice. A thank-you (a key from 1 to 5) or an offer (1 take it, 2 no)
    /// says it inside a &lt;Gather&gt;, which Twilio posts to <paramref name="keyAction"/>; with
    /// <paramref name="answerSilence"/> also when no key came, so the question can be asked once more.
    /// </summary>
    public static string Twiml(string text, string repeat, Allo.Domain.Language language, Uri? keyAction = null, bool answerSilence = false)
    {
        var voiceLanguage = VoiceLanguage(language);
        var response = new Twilio.TwiML.VoiceResponse();
        if (keyAction is not null)
        {
            var gather = new Twilio.TwiML.Voice.Gather(numDigits: 1, action: keyAction, method: Twilio.Http.HttpMethod.Post, timeout: 8,
                actionOnEmptyResult: answerSilence ? true : null);
            gather.Say(text, language: voiceLanguage);
            gather.Pause(length: 1);
            gather.Say(repeat, language: voiceLanguage);
            gather.Say(text, language: voiceLanguage);
            response.Append(gather);
            return response.ToString();
        }
        response.Say(text, language: voiceLanguage);
        response.Pause(length: 1);
        response.Say(repeat, language: voiceLanguage);
        response.Say(text, language: voiceLanguage);
        return response.ToString();
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken ct)
    {
        var options = new CreateCallOptions(new Twilio.Types.PhoneNumber(message.To), new Twilio.Types.PhoneNumber(twilio.Settings.CallerId))
        {
            Twiml = new Twilio.Types.Twiml(Twiml(rendered.Text, texts.Text(message.Language, "Voice.Repeat"), message.Language, rendered.KeyAction, rendered.AnswerSilence)),
            StatusCallback = twilio.StatusCallback,
        };
        var created = await TwilioErrors.Classify(() => CallResource.CreateAsync(options, twilio.Client));
        return new SendResult(created.Sid, DeliveryStatus.Sent);
    }
}

internal static class TwilioErrors
{
    // Errors no retry can fix: not a valid number, the number said STOP, not a mobile, not allowed there.
    private static readonly int[] Permanent = [21211, 21214, 21217, 21408, 21610, 21612, 21614, 13224];

    public static async Task<T> Classify<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException e)
        {
            var permanent = Permanent.Contains(e.Code) || (e.Status is >= 400 and < 500 && e.Status != 429);
            throw new ChannelException($"Twilio {e.Status} ({e.Code}): {e.Message}", permanent, e);
        }
        catch (ApiConnectionException e)
        {
            throw new ChannelException($"Twilio unreachable: {e.Message}", permanent: false, e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            throw new ChannelException($"Twilio did not answer: {e.Message}", permanent: false, e);
        }
    }
}
