using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Allo.Domain.Texting;

/// <summary>What a citizen's text message asks for.</summary>
public enum TextIntent
{
    Unknown,
    Book,
    Move,
    Cancel,
    Help,
    Stop,
    Start,
    Yes,
    No,
    /// <summary>Just a number: the choice among numbered options (or a rating after a thank-you).</summary>
    Choice,
    /// <summary>A keyword with a "not" beside it ("niet annuleren", "pas annuler", "don't cancel"): nothing is done, we ask what they want.</summary>
    Negated,
    /// <summary>Join the waitlist: "WACHTLIJST", "ATTENTE", "WARTELISTE", "WAIT".</summary>
    Waitlist,
}

/// <summary>
/// A citizen's text message read as a command: the intent, the language it was written in (when the
/// words say), a numbered choice, and a wish for a day or time. Tolerant of case, accents, extra words
/// and typos: "Ik wil een afspraak maandag namiddag", "annulr" and "BOOOK 3pm" all work; a typo that
/// could be two different keywords is no keyword at all.
/// </summary>
public sealed partial record TextCommand(TextIntent Intent, Language? Language, int? Choice, DayWish When)
{
    // "Annuleer mijn afspraak" cancels, "verplaats mijn afspraak" moves: the more specific word wins.
    // "Wachtlijst voor een afspraak" joins the list: the waitlist is more specific than booking.
    private static readonly TextIntent[] Priority = [TextIntent.Cancel, TextIntent.Move, TextIntent.Waitlist, TextIntent.Book, TextIntent.Help];

    /// <summary>The longest text read: anything beyond is someone pasting a letter, not a command.</summary>
    public const int MaxLength = 480;

    /// <summary>What of a text is read and stored: its readable characters, trimmed, at most <see cref="MaxLength"/>.</summary>
    public static string Clean(string? body) => FreeText.Capped(body, MaxLength);

    /// <summary>Whether the intent is a keyword the citizen chose to write, so its language is the one they want to be answered in.</summary>
    public bool IsKeyword => Intent is TextIntent.Book or TextIntent.Waitlist or TextIntent.Move or TextIntent.Cancel or TextIntent.Help or TextIntent.Stop or TextIntent.Start or TextIntent.Negated;

    public static TextCommand Parse(string? body)
    {
        var raw = Clean(body);
        var choice = ChoicePattern().Match(raw);
        if (choice.Success)
        {
            return new TextCommand(TextIntent.Choice, null, choice.Groups[1].Value[0] - '0', DayWish.Any);
        }
        var tokens = Tokens(raw);
        if (tokens.Count == 0)
        {
            return new TextCommand(TextIntent.Unknown, null, null, DayWish.Any);
        }
        if (Array.Find(TextWords.StopStart, w => w.Text == string.Concat(tokens)) is { } stopStart)
        {
            return new TextCommand(stopStart.Intent, stopStart.Language, null, DayWish.Any);
        }

        // Two neighbouring tokens are also tried as one word: "rendez vous", "apres midi", "'s morgens", "don t".
        var candidates = tokens.Select((t, i) => (Text: t, From: i, To: i))
            .Concat(tokens.Zip(tokens.Skip(1), (a, b) => a + b).Select((t, i) => (Text: t, From: i, To: i + 1)))
            .ToList();
        var (when, dayLanguage) = TextWhen.Read(raw, tokens, candidates.Select(c => c.Text));

        var hits = candidates
            .Select(c => (Word: Keyword(c.Text, first: c.From == 0 && c.To == 0), c.From, c.To))
            .Where(h => h.Word is not null)
            .ToList();
        var main = Priority.Select(i => hits.FirstOrDefault(h => h.Word!.Intent == i)).FirstOrDefault(h => h.Word is not null);
        if (main.Word is { } keyword)
        {
            // A "not" beside the main keyword makes the whole text a question back, whatever else it says;
            // a "not" with another keyword nearer belongs to that one ("geen afspraak meer, annuleer").
            bool KeywordBetween(int from, int to) => hits.Any(h => h.From > from && h.To < to && h.Word!.Intent != keyword.Intent);
            var negated = candidates.Any(c => TextWords.Negations.Contains(c.Text)
                && ((c.To < main.From && c.To >= main.From - TextWords.NegationBefore && !KeywordBetween(c.To, main.From))
                    || (c.From > main.To && c.From <= main.To + TextWords.NegationAfter && !KeywordBetween(main.To, c.From))));
            return new TextCommand(negated ? TextIntent.Negated : keyword.Intent, keyword.Language ?? dayLanguage, null, when);
        }
        if (tokens.Count <= 3 && TextWords.Answers.FirstOrDefault(w => tokens.Contains(w.Text)) is { } answer)
        {
            return new TextCommand(answer.Intent, answer.Language, null, when);
        }
        var hint = TextWords.LanguageHints.FirstOrDefault(w => tokens.Contains(w.Text))?.Language;
        return new TextCommand(TextIntent.Unknown, dayLanguage ?? hint, null, when);
    }

    /// <summary>Upper case, accents removed, split on anything that is not a letter or digit; unreadable characters are dropped first.</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in FreeText.Readable(text).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            folded.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ');
        }
        return folded.ToString().Replace("ß", "SS", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// The keyword a word is: exactly, else a typo of exactly one intent's words (one or two edits in
    /// long words; a doubled or missing letter in a short one, only as the first word, where keywords
    /// stand). A typo close to two intents is none; close to one intent in two languages it does not
    /// tell the language unless one is nearer.
    /// </summary>
    private static Word? Keyword(string token, bool first)
    {
        if (Array.Find(TextWords.Keywords, w => w.Text == token) is { } exact)
        {
            return exact;
        }
        // A word we know for something else ("morgen", "nee", "ook") is not a typo of a keyword.
        if (TextWords.Answers.Any(w => w.Text == token) || TextWords.Negations.Contains(token) || TextWords.NotTypos.Contains(token))
        {
            return null;
        }
        var typos = TextWords.Keywords
            .Select(w => (Word: w, Edits: Typos.Edits(token, w.Text) ?? (first && w.Text.Length is 3 or 4 && Typos.DoubledOrMissingLetter(token, w.Text) ? 1 : (int?)null)))
            .Where(t => t.Edits is not null)
            .ToList();
        if (typos.Count == 0 || typos.Select(t => t.Word.Intent).Distinct().Count() > 1)
        {
            return null;
        }
        var nearest = typos.Where(t => t.Edits == typos.Min(x => x.Edits)).Select(t => t.Word).ToList();
        return nearest.Select(w => w.Language).Distinct().Count() == 1 ? nearest[0] : nearest[0] with { Language = null };
    }

    [GeneratedRegex(@"^\s*([1-9])\s*[.)!]*\s*$")]
    private static partial Regex ChoicePattern();
}
