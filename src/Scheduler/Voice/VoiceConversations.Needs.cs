using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;

namespace Allo.Scheduler.Voice;

/// <summary>
/// The needs question by keypad: 1 nothing (more), 2 more time, 3 hard of hearing, 4 another language
/// (from a short list), 5 someone else gets the reminders (their number typed and said back). After each
/// answer the question comes again until 1, so the needs are one spoken question however many apply.
/// Nothing is booked here: the answers are kept on the call and become the booking's <see cref="Needs"/>
/// at the final key, checked by the same <see cref="BookingFields.CheckNeeds"/> as the web's form.
/// </summary>
public sealed partial class VoiceConversations
{
    private async Task<Answer> NeedsStepAsync(VoiceCall call, string? keys, CancellationToken ct)
    {
        var lang = call.Language;
        var languages = InterpreterLanguages.Codes;
        switch (call.Step, keys)
        {
            case (VoiceStep.AnsweringNeeds, "2"):
                call.MoreTime = true;
                return await NotedAsync(call, words.Say(lang, "Ivr.Noted"), ct);
            case (VoiceStep.AnsweringNeeds, "3"):
                call.Hearing = true;
                return await NotedAsync(call, words.Say(lang, "Ivr.Noted"), ct);
            case (VoiceStep.AnsweringNeeds, "4"):
                call.Go(VoiceStep.ChoosingInterpreter);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.AnsweringNeeds, "5"):
                call.Go(VoiceStep.TypingProxyNumber);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ChoosingInterpreter, { Length: 1 } key) when key[0] >= '1' && key[0] - '0' <= languages.Count:
                call.OtherLanguage = LanguageName(call, languages[key[0] - '1']);
                return await NotedAsync(call, words.Say(lang, "Ivr.InterpreterNoted", call.OtherLanguage), ct);
            case (VoiceStep.ChoosingInterpreter, { Length: 1 } key) when key[0] - '0' == languages.Count + 1:
                // Not on the list: said plainly, and the caller goes on without an interpreter or hangs up to book another way.
                return await NotedAsync(call, words.Say(lang, "Ivr.InterpreterNotListed"), ct);
            case (VoiceStep.TypingProxyNumber, { } typed):
                if (PhoneNumber.TryParse(typed, out var phone) != PhoneProblem.None)
                {
                    return await MissAsync(call, words.Say(lang, "Ivr.NumberWrong"), ct);
                }
                call.ProxyPhone = phone!.E164;
                call.Go(VoiceStep.ConfirmingProxy);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ConfirmingProxy, "1"):
                return await NotedAsync(call, words.Say(lang, "Ivr.Noted"), ct);
            case (VoiceStep.ConfirmingProxy, "2"):
                call.Go(VoiceStep.TypingProxyNumber);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ConfirmingProxy, "3"):
                call.ProxyPhone = null;
                return await NotedAsync(call, null, ct);
            default:
                return await MissAsync(call, words.Say(lang, "Ivr.Again"), ct);
        }
    }

    /// <summary>Back to the needs question, after saying what was understood.</summary>
    private Task<Answer> NotedAsync(VoiceCall call, Spoken? said, CancellationToken ct)
    {
        call.Go(VoiceStep.AnsweringNeeds);
        return PromptAsync(call, said is null ? [] : [said], ct);
    }

    private Answer NeedsPrompt(VoiceCall call, List<Spoken> lines)
    {
        var lang = call.Language;
        switch (call.Step)
        {
            case VoiceStep.AnsweringNeeds:
                // Once something was chosen, the question becomes "anything else?", with 1 for "that is all".
                var any = call.MoreTime || call.Hearing || call.OtherLanguage is not null || call.ProxyPhone is not null;
                lines.Add(words.Say(lang, any ? "Ivr.NeedsMore" : "Ivr.Needs"));
                break;
            case VoiceStep.ChoosingInterpreter:
                lines.Add(words.Say(lang, "Ivr.Interpreters"));
                lines.AddRange(InterpreterLanguages.Codes.Select((code, i) => words.Say(lang, "Ivr.TimeOption", LanguageName(call, code), i + 1)));
                lines.Add(words.Say(lang, "Ivr.InterpreterOther", InterpreterLanguages.Codes.Count + 1));
                break;
            case VoiceStep.TypingProxyNumber:
                lines.Add(words.Say(lang, "Ivr.TypeProxyNumber"));
                return new Answer(lines, KeyInput.UntilHash);
            case VoiceStep.ConfirmingProxy:
                lines.Add(words.Say(lang, "Ivr.ProxyNumber", VoiceWords.Digits(call.ProxyPhone!)));
                break;
        }
        return new Answer(lines, KeyInput.OneKey);
    }

    private string LanguageName(VoiceCall call, string code) => words.Say(call.Language, InterpreterLanguages.TextKey(code)).Text;

    /// <summary>
    /// The call's answers as the booking's needs, through the web form's own check: the same record,
    /// built the same way. A proxy named by phone has no name the keypad could give; the agent sees
    /// "Contact given by phone" in the call's language.
    /// </summary>
    private Needs NeedsOf(VoiceCall call)
    {
        BookingFields.CheckNeeds(new NeedsInput
        {
            MoreTime = call.MoreTime,
            Hearing = call.Hearing,
            OtherLanguage = call.OtherLanguage is not null,
            OtherLanguageName = call.OtherLanguage,
            Proxy = call.ProxyPhone is not null,
            ProxyName = words.Say(call.Language, "Ivr.ProxyName").Text,
            ProxyPhone = call.ProxyPhone,
        }, out var needs);
        return needs;
    }
}
