using System.Text.Json;
using Allo.Domain;

namespace Allo.Scheduler.Voice;

/// <summary>One sentence, in the voice of its language.</summary>
public sealed record Spoken(Language Language, string Text);

/// <summary>How the keys are read: one key, or several ended by # (a phone number).</summary>
public enum KeyInput
{
    OneKey,
    UntilHash,
}

/// <summary>
/// What the menu says and waits for, independent of Twilio: the webhook turns it into TwiML, the dev
/// phone into a page. <see cref="Listen"/> null means the call is hung up after the words.
/// </summary>
public sealed record VoiceReply(IReadOnlyList<Spoken> Lines, KeyInput? Listen, int NextTurn)
{
    public bool Hangup => Listen is null;

    public string ToJson() => JsonSerializer.Serialize(this);

    public static VoiceReply FromJson(string json) => JsonSerializer.Deserialize<VoiceReply>(json)!;
}
