using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Voice;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace Allo.Web.Webhooks;

/// <summary>
/// The phone menu's answer as TwiML, built with the SDK's types: each sentence a &lt;Say&gt; in its
/// language's voice, inside a keys-only &lt;Gather&gt; that posts the next turn (also on silence, so
/// the menu can say it again), or followed by &lt;Hangup&gt;.
/// </summary>
public static class VoiceTwiml
{
    public const string Path = "webhooks/twilio/voice";

    /// <param name="path">Where the next turn is posted: the phone menu, or the spoken offer's own address.</param>
    public static string Render(VoiceReply reply, Uri publicBase, string path = Path)
    {
        var response = new VoiceResponse();
        if (reply.Listen is { } listen)
        {
            var gather = new Gather(
                input: [Gather.InputEnum.Dtmf],
                action: new Uri(publicBase, $"{path}?turn={reply.NextTurn}"),
                method: Twilio.Http.HttpMethod.Post,
                timeout: listen == KeyInput.UntilHash ? 15 : 8,
                numDigits: listen == KeyInput.OneKey ? 1 : null,
                finishOnKey: "#",
                actionOnEmptyResult: true);
            foreach (var line in reply.Lines)
            {
                gather.Say(line.Text, language: TwilioVoiceChannel.VoiceLanguage(line.Language));
            }
            response.Append(gather);
        }
        else
        {
            foreach (var line in reply.Lines)
            {
                response.Say(line.Text, language: TwilioVoiceChannel.VoiceLanguage(line.Language));
            }
            response.Hangup();
        }
        return response.ToString();
    }
}
