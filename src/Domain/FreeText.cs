namespace Allo.Domain;

/// <summary>
/// What a person may type into a free-text field, in any script: letters, digits, punctuation,
/// symbols and spaces, and line breaks where the field takes several lines. Never a control
/// character (NUL, which PostgreSQL cannot store in text; escape sequences), a Unicode noncharacter
/// (U+FFFE, which XML and the SMS alphabet cannot carry and Unicode normalisation refuses) or half of
/// a surrogate pair (which no UTF-8 encoder writes). The one character rule for every text from
/// outside: form fields are refused when they break it (<see cref="IsAcceptable"/>); texts and
/// provider forms, which nobody can be asked to correct, are read without what breaks it
/// (<see cref="Readable"/>, <see cref="Capped"/>).
/// </summary>
public static class FreeText
{
    /// <summary>True when every character can be stored and shown; null and empty are acceptable (required is another rule).</summary>
    public static bool IsAcceptable(string? text, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        for (var i = 0; i < text.Length; i += Width(text, i))
        {
            if (!Acceptable(text, i, multiline))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><paramref name="text"/> without the characters the rule refuses; tabs and line breaks are kept.</summary>
    public static string Readable(string text)
    {
        if (IsAcceptable(text, multiline: true))
        {
            return text;
        }
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i += Width(text, i))
        {
            if (Acceptable(text, i, multiline: true))
            {
                kept.Append(text, i, Width(text, i));
            }
        }
        return kept.ToString();
    }

    /// <summary>The readable text, trimmed and cut to at most <paramref name="maxLength"/> characters without cutting a pair in two.</summary>
    public static string Capped(string? text, int maxLength) =>
        Truncate(Readable(text ?? "").Trim(), maxLength).TrimEnd();

    /// <summary>The first <paramref name="length"/> characters at most, never cutting a surrogate pair in two.</summary>
    public static string Truncate(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }
        if (length <= 0)
        {
            return "";
        }
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    // A whole surrogate pair is one character of two UTF-16 units; anything else, one.
    private static int Width(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

    private static bool Acceptable(string text, int i, bool multiline)
    {
        var c = text[i];
        if (Width(text, i) == 2)
        {
            return !IsNoncharacter(char.ConvertToUtf32(c, text[i + 1]));
        }
        if (char.IsSurrogate(c) || IsNoncharacter(c))
        {
            return false;
        }
        return !char.IsControl(c) || (multiline && c is '\n' or '\r' or '\t');
    }

    // U+FDD0–U+FDEF and the last two code points of every plane are permanently not characters.
    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
