namespace Allo.Domain.Texting;

/// <summary>
/// Which typed words count as a typo of a word we know. Longer words forgive more; a short keyword
/// ("RDV", "BOOK", "HULP") forgives only a doubled or missing letter, because any other edit of a
/// three- or four-letter word is usually another word ("LOOK", "HOLD").
/// </summary>
internal static class Typos
{
    /// <summary>The same word, or a typo of it: one edit in words of 5+ letters, two in words of 9+.</summary>
    public static bool Matches(string token, string word) => Edits(token, word) is { } edits && edits <= Allowed(word);

    /// <summary>The edits between a token and a word when it may be a typo of it, else null.</summary>
    public static int? Edits(string token, string word)
    {
        if (token == word)
        {
            return 0;
        }
        var allowed = Allowed(word);
        if (allowed == 0 || Math.Abs(token.Length - word.Length) > allowed)
        {
            return null;
        }
        var distance = Distance(token, word);
        return distance <= allowed ? distance : null;
    }

    /// <summary>"BOOOK", "RDVV", "HLP", "TERMN": the word with one letter doubled or left out, at least three letters remaining.</summary>
    public static bool DoubledOrMissingLetter(string token, string word)
    {
        if (token.Length < 3)
        {
            return false;
        }
        if (token.Length == word.Length + 1)
        {
            // One letter typed twice: removing one of a pair of equal neighbours gives the word.
            for (var i = 1; i < token.Length; i++)
            {
                if (token[i] == token[i - 1] && string.Concat(token.AsSpan(0, i), token.AsSpan(i + 1)) == word)
                {
                    return true;
                }
            }
            return false;
        }
        if (token.Length == word.Length - 1)
        {
            for (var i = 0; i < word.Length; i++)
            {
                if (string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1)) == token)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static int Allowed(string word) => word.Length >= 9 ? 2 : word.Length >= 5 ? 1 : 0;

    /// <summary>Edits between two words, a swap of neighbours counting as one (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
