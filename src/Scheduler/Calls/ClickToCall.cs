using Allo.Domain;
using Allo.Scheduler.Messaging.Channels;
using Twilio.Rest.Api.V2010.Account;
using Twilio.TwiML;
using Dial = Twilio.TwiML.Voice.Dial;

namespace Allo.Scheduler.Calls;

/// <summary>
/// Click-to-call through Twilio: Twilio rings the agent's own phone, and when they pick up, connects
/// the citizen with the service's number as caller ID, so the agent's private number never shows.
/// Only registered when Twilio is configured; without it the agent dials the tel: link.
/// </summary>
public sealed class ClickToCall(TwilioClientFactory twilio)
{
    public static string Twiml(string citizenE164, string callerId, Language agentLanguage)
    {
        var response = new VoiceResponse();
        response.Say(agentLanguage switch
        {
            Language.Nl => "U wordt verbonden met de burger.",
            Language.Fr => "Vous êtes mis en relation avec le citoyen.",
            Language.De => "Sie werden mit dem Bürger verbunden.",
            _ => "Connecting you to the citizen.",
        });
        var dial = new Dial(callerId: callerId, timeout: 30);
        dial.Number(citizenE164);
        response.Append(dial);
        return response.ToString();
    }

    /// <summary>Asks Twilio to ring the agent; returns the call's id. Failures are <see cref="ChannelException"/>s.</summary>
    public async Task<string> ConnectAsync(string agentE164, string citizenE164, Language agentLanguage)
    {
        var options = new CreateCallOptions(new Twilio.Types.PhoneNumber(agentE164), new Twilio.Types.PhoneNumber(twilio.Settings.CallerId))
        {
            Twiml = new Twilio.Types.Twiml(Twiml(citizenE164, twilio.Settings.CallerId, agentLanguage)),
        };
        var call = await TwilioErrors.Classify(() => CallResource.CreateAsync(options, twilio.Client));
        return call.Sid;
    }
}
