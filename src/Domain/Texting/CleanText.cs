namespace Allo.Domain.Texting;

/// <summary>
/// Which characters of text from outside (a citizen's message, a provider's form) can be read and
/// stored. Control characters other than tab and line breaks, Unicode non-characters (U+FFFE,
/// U+FDD0…) and half of a surrogate pair are never typed by anyone: they are noise or an attack, and
/// they break Unicode normalisation (U+FFFE, lone surrogates) and PostgreSQL's text type (NUL).
/// </summary>
public static class CleanText
{
    /// <summary>True when every character of <paramref name="text"/> can be read and stored as it is.</summary>
    public static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (UnreadableAt(text, i) > 0)
            {
                return false;
            }
            i += PairAt(text, i) ? 1 : 0;
        }
        return true;
    }

    /// <summary><paramref name="text"/> without its unreadable characters.</summary>
    public static string Readable(string text)
    {
        if (IsClean(text))
        {
            return text;
        }
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var length = PairAt(text, i) ? 2 : 1;
            if (UnreadableAt(text, i) == 0)
            {
                kept.Append(text, i, length);
            }
            i += length - 1;
        }
        return kept.ToString();
    }

    /// <summary>The readable text, trimmed and cut to at most <paramref name="maxLength"/> characters without cutting a pair in two.</summary>
    public static string Capped(string? text, int maxLength)
    {
        var readable = Readable(text ?? "").Trim();
        if (readable.Length <= maxLength)
        {
            return readable;
        }
        var cut = char.IsHighSurrogate(readable[maxLength - 1]) ? maxLength - 1 : maxLength;
        return readable[..cut].TrimEnd();
    }

    private static bool PairAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    // The number of UTF-16 units of the unreadable character at i, or 0 when it is readable.
    private static int UnreadableAt(string text, int i)
    {
        var c = text[i];
        if (PairAt(text, i))
        {
            // Every plane ends in two non-characters (U+1FFFE, U+1FFFF, … U+10FFFF).
            var low16 = char.ConvertToUtf32(c, text[i + 1]) & 0xFFFF;
            return low16 >= 0xFFFE ? 2 : 0;
        }
        if (char.IsSurrogate(c))
        {
            return 1;
        }
        var control = char.IsControl(c) && c is not ('\t' or '\n' or '\r');
        var nonCharacter = c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF';
        return control || nonCharacter ? 1 : 0;
    }
}
