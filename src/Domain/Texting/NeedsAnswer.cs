using System.Text.RegularExpressions;
using Allo.Domain.Bookings;

namespace Allo.Domain.Texting;

/// <summary>
/// The answer to the one optional needs question of a text-message booking: letters (H hard of
/// hearing, T more time, S speaking is hard, R reading is hard, L and a language for an interpreter),
/// or 0 / "no" for nothing. The same letters in every language, so the question fits one text.
/// </summary>
public static partial class NeedsAnswer
{
    private static readonly string[] Nothing = ["0", "NEE", "NEEN", "NIETS", "GEEN", "NON", "RIEN", "AUCUN", "NEIN", "NICHTS", "KEINE", "NO", "NONE", "NOTHING", "N"];
    private static readonly string[] Deaf = ["DOOF", "SLECHTHOREND", "SOURD", "SOURDE", "MALENTENDANT", "MALENTENDANTE", "SCHWERHORIG", "GEHORLOS", "TAUB", "DEAF"];

    /// <summary>The needs, or null when the text is not an answer to the question.</summary>
    public static Needs? Parse(string? body)
    {
        var text = body ?? "";
        var tokens = TextCommand.Tokens(text);
        if (tokens.Count == 0)
        {
            return null;
        }
        // "0", "nee dank u", "non merci", "nein danke".
        if (tokens.Count <= 3 && Nothing.Contains(tokens[0]))
        {
            return Needs.None;
        }
        var needs = Needs.None;
        var understood = false;
        foreach (var token in tokens)
        {
            if (token.Length <= 4 && token.All(c => c is 'H' or 'T' or 'S' or 'R'))
            {
                understood = true;
                needs = needs with
                {
                    Hearing = needs.Hearing || token.Contains('H'),
                    MoreTime = needs.MoreTime || token.Contains('T'),
                    Speech = needs.Speech || token.Contains('S'),
                    Reading = needs.Reading || token.Contains('R'),
                };
            }
            else if (Deaf.Contains(token))
            {
                understood = true;
                needs = needs with { Hearing = true };
            }
        }
        var language = OtherLanguage().Match(text);
        if (language.Success)
        {
            var name = language.Groups[1].Value.Trim();
            understood = true;
            needs = needs with { OtherLanguage = name.Length > 60 ? name[..60] : name };
        }
        return understood ? needs : null;
    }

    // "L Arabisch", "l: arabe", "L tigrinya": the letter L, then the language in the citizen's words.
    [GeneratedRegex(@"(?:^|[\s,;])[Ll]\s*[:=-]?\s+([\p{L}][\p{L} '-]{1,59})")]
    private static partial Regex OtherLanguage();
}
