namespace Allo.Domain;

/// <summary>
/// What a person may type into a free-text field, in any script: letters, digits, punctuation,
/// symbols and spaces, and line breaks where the field takes several lines. Never a control
/// character (NUL, which PostgreSQL cannot store in text; escape sequences), a Unicode noncharacter
/// (U+FFFE, which XML and the SMS alphabet cannot carry) or half of a surrogate pair (which no UTF-8
/// encoder writes). The one rule for every free-text input: names, languages, notes, reasons,
/// comments, searches and staff fields.
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
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]) || IsNoncharacter(char.ConvertToUtf32(c, text[i + 1])))
                {
                    return false;
                }
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c) || IsNoncharacter(c))
            {
                return false;
            }
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return false;
            }
        }
        return true;
    }

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

    // U+FDD0–U+FDEF and the last two code points of every plane are permanently not characters.
    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
