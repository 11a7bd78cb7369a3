namespace Allo.Scheduler.Messaging;

/// <summary>
/// How many SMS a text costs. GSM-7 fits 160 characters (153 per part when split); one character
/// outside it makes the whole message UCS-2, 70 (67 per part). Extension characters count twice.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    /// <summary>
    /// Replaces letters outside GSM-7 with their plain form (û→u, ç→c, ’→'), so that a date like
    /// "août" or a name does not turn the whole message into costly UCS-2.
    /// </summary>
    public static string ToGsm7(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Basic.Contains(c) || Extension.Contains(c))
            {
                builder.Append(c);
                continue;
            }
            var folded = c switch
            {
                '’' or '‘' or '´' or '`' => "'",
                '“' or '”' or '«' or '»' => "\"",
                '–' or '—' => "-",
                '…' => "...",
                '\u00A0' or '\u202F' => " ",
                'œ' => "oe",
                'Œ' => "OE",
                _ => new string(c.ToString().Normalize(System.Text.NormalizationForm.FormD)
                    .Where(x => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(x) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray()),
            };
            builder.Append(folded.All(x => Basic.Contains(x) || Extension.Contains(x)) ? folded : "?");
        }
        return builder.ToString();
    }

    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    public static int Count(string text)
    {
        if (IsGsm7(text))
        {
            var septets = text.Sum(c => Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0);
        }
        var units = text.Length;
        return units <= 70 ? 1 : (int)Math.Ceiling(units / 67.0);
    }
}
