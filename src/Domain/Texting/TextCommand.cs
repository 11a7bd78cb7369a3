using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;

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
}

public enum PartOfDay
{
    Morning,
    Afternoon,
}

/// <summary>"morgen", "lundi 14h", "Donnerstag", "friday afternoon": which free times the citizen wants to see.</summary>
public sealed record DayWish(int? DaysFromToday = null, IsoDayOfWeek? Weekday = null, PartOfDay? Part = null, int? FromHour = null)
{
    public static DayWish Any { get; } = new();

    public bool IsAny => this == Any;

    public bool Allows(LocalDateTime slot, LocalDate today) =>
        (DaysFromToday is not { } days || slot.Date == today.PlusDays(days))
        && (Weekday is not { } weekday || slot.DayOfWeek == weekday)
        && (Part is not { } part || (part == PartOfDay.Morning ? slot.Hour < 12 : slot.Hour >= 12))
        && (FromHour is not { } hour || slot.Hour >= hour);
}

/// <summary>
/// A citizen's text message read as a command: the intent, the language it was written in (when the
/// words say), a numbered choice, and a wish for a day or time. Tolerant of case, accents, extra words
/// and one or two typos in longer words: "Ik wil een afspraak maandag namiddag" and "annulr" both work.
/// </summary>
public sealed partial record TextCommand(TextIntent Intent, Language? Language, int? Choice, DayWish When)
{
    private sealed record Word(string Text, TextIntent Intent, Language? Language);

    // The words of each intent in our four languages; a null language means the word does not tell.
    private static readonly Word[] Words =
    [
        .. Say(TextIntent.Cancel, Domain.Language.Nl, "ANNULEER", "ANNULEREN", "AFZEGGEN", "SCHRAPPEN"),
        .. Say(TextIntent.Cancel, Domain.Language.Fr, "ANNULER", "ANNULATION", "ANNULE"),
        .. Say(TextIntent.Cancel, Domain.Language.De, "STORNO", "STORNIEREN", "ABSAGEN", "STORNIERE"),
        .. Say(TextIntent.Cancel, Domain.Language.En, "CANCEL"),
        .. Say(TextIntent.Move, Domain.Language.Nl, "VERPLAATS", "VERPLAATSEN", "VERZET", "VERZETTEN", "WIJZIG", "WIJZIGEN"),
        .. Say(TextIntent.Move, Domain.Language.Fr, "DEPLACER", "REPORTER", "MODIFIER", "CHANGER"),
        .. Say(TextIntent.Move, Domain.Language.De, "VERSCHIEBEN", "VERSCHIEBE", "VERLEGEN"),
        .. Say(TextIntent.Move, Domain.Language.En, "MOVE", "RESCHEDULE", "CHANGE"),
        .. Say(TextIntent.Book, Domain.Language.Nl, "AFSPRAAK", "BOEKEN", "BOEK", "RESERVEREN", "RESERVEER", "TERUGBELLEN"),
        .. Say(TextIntent.Book, Domain.Language.Fr, "RDV", "RENDEZVOUS", "RESERVER", "RESERVATION"),
        .. Say(TextIntent.Book, Domain.Language.De, "TERMIN", "BUCHEN", "RUCKRUF"),
        .. Say(TextIntent.Book, Domain.Language.En, "BOOK", "APPOINTMENT", "BOOKING", "CALLBACK"),
        .. Say(TextIntent.Help, Domain.Language.Nl, "HULP"),
        .. Say(TextIntent.Help, Domain.Language.Fr, "AIDE"),
        .. Say(TextIntent.Help, Domain.Language.De, "HILFE"),
        .. Say(TextIntent.Help, Domain.Language.En, "HELP"),
        .. Say(TextIntent.Help, null, "INFO", "MENU"),
    ];

    private static readonly Word[] Answers =
    [
        .. Say(TextIntent.Yes, Domain.Language.Nl, "JA", "JAWEL", "OKE"),
        .. Say(TextIntent.Yes, Domain.Language.Fr, "OUI", "DACCORD"),
        .. Say(TextIntent.Yes, Domain.Language.En, "YES", "YEP"),
        .. Say(TextIntent.Yes, null, "OK", "J", "O", "Y"),
        .. Say(TextIntent.No, Domain.Language.Nl, "NEE", "NEEN"),
        .. Say(TextIntent.No, Domain.Language.Fr, "NON"),
        .. Say(TextIntent.No, Domain.Language.De, "NEIN"),
        .. Say(TextIntent.No, Domain.Language.En, "NO", "NOPE"),
        .. Say(TextIntent.No, null, "N"),
    ];

    // Only the whole message: "stop" inside a sentence ("stop de herinneringen niet") is not an opt-out.
    private static readonly Word[] StopStart =
    [
        .. Say(TextIntent.Stop, null, "STOP", "STOPALL", "UNSUBSCRIBE"),
        .. Say(TextIntent.Stop, Domain.Language.De, "STOPP"),
        .. Say(TextIntent.Stop, Domain.Language.Fr, "ARRET", "ARRETER"),
        .. Say(TextIntent.Start, null, "START", "UNSTOP"),
        .. Say(TextIntent.Start, Domain.Language.Fr, "DEMARRER"),
    ];

    private static readonly (string Text, Language? Language, Func<DayWish, DayWish> Apply)[] DayWords =
    [
        ("VANDAAG", Domain.Language.Nl, w => w with { DaysFromToday = 0 }),
        ("AUJOURDHUI", Domain.Language.Fr, w => w with { DaysFromToday = 0 }),
        ("HEUTE", Domain.Language.De, w => w with { DaysFromToday = 0 }),
        ("TODAY", Domain.Language.En, w => w with { DaysFromToday = 0 }),
        ("OVERMORGEN", Domain.Language.Nl, w => w with { DaysFromToday = 2 }),
        ("APRESDEMAIN", Domain.Language.Fr, w => w with { DaysFromToday = 2 }),
        ("UBERMORGEN", Domain.Language.De, w => w with { DaysFromToday = 2 }),
        ("MORGEN", null, w => w with { DaysFromToday = 1 }),
        ("DEMAIN", Domain.Language.Fr, w => w with { DaysFromToday = 1 }),
        ("TOMORROW", Domain.Language.En, w => w with { DaysFromToday = 1 }),
        .. Weekdays(Domain.Language.Nl, "MAANDAG", "DINSDAG", "WOENSDAG", "DONDERDAG", "VRIJDAG", "ZATERDAG", "ZONDAG"),
        .. Weekdays(Domain.Language.Fr, "LUNDI", "MARDI", "MERCREDI", "JEUDI", "VENDREDI", "SAMEDI", "DIMANCHE"),
        .. Weekdays(Domain.Language.De, "MONTAG", "DIENSTAG", "MITTWOCH", "DONNERSTAG", "FREITAG", "SAMSTAG", "SONNTAG"),
        .. Weekdays(Domain.Language.En, "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
        ("VOORMIDDAG", Domain.Language.Nl, w => w with { Part = PartOfDay.Morning }),
        ("OCHTEND", Domain.Language.Nl, w => w with { Part = PartOfDay.Morning }),
        ("SMORGENS", Domain.Language.Nl, w => w with { Part = PartOfDay.Morning }),
        ("MATIN", Domain.Language.Fr, w => w with { Part = PartOfDay.Morning }),
        ("MATINEE", Domain.Language.Fr, w => w with { Part = PartOfDay.Morning }),
        ("VORMITTAG", Domain.Language.De, w => w with { Part = PartOfDay.Morning }),
        ("MORGENS", Domain.Language.De, w => w with { Part = PartOfDay.Morning }),
        ("MORNING", Domain.Language.En, w => w with { Part = PartOfDay.Morning }),
        ("NAMIDDAG", Domain.Language.Nl, w => w with { Part = PartOfDay.Afternoon }),
        ("SNAMIDDAGS", Domain.Language.Nl, w => w with { Part = PartOfDay.Afternoon }),
        ("APRESMIDI", Domain.Language.Fr, w => w with { Part = PartOfDay.Afternoon }),
        ("APREM", Domain.Language.Fr, w => w with { Part = PartOfDay.Afternoon }),
        ("NACHMITTAG", Domain.Language.De, w => w with { Part = PartOfDay.Afternoon }),
        ("NACHMITTAGS", Domain.Language.De, w => w with { Part = PartOfDay.Afternoon }),
        ("AFTERNOON", Domain.Language.En, w => w with { Part = PartOfDay.Afternoon }),
    ];

    private static readonly TextIntent[] Priority = [TextIntent.Cancel, TextIntent.Move, TextIntent.Book, TextIntent.Help];

    /// <summary>The longest text read: anything beyond is someone pasting a letter, not a command.</summary>
    public const int MaxLength = 480;

    /// <summary>What of a text is read and stored: its readable characters, trimmed, at most <see cref="MaxLength"/>.</summary>
    public static string Clean(string? body) => FreeText.Capped(body, MaxLength);

    public static TextCommand Parse(string? body)
    {
        var raw = Clean(body);
        var choice = ChoicePattern().Match(raw);
        if (choice.Success)
        {
            return new TextCommand(TextIntent.Choice, null, choice.Groups[1].Value[0] - '0', DayWish.Any);
        }
        var hour = HourPattern().Match(raw);
        var tokens = Tokens(raw);
        if (tokens.Count == 0)
        {
            return new TextCommand(TextIntent.Unknown, null, null, DayWish.Any);
        }
        var joined = string.Concat(tokens);
        if (Best(StopStart, [joined], exactOnly: true) is { } stopStart)
        {
            return new TextCommand(stopStart.Intent, stopStart.Language, null, DayWish.Any);
        }

        // Two neighbouring tokens are also tried as one word: "rendez vous", "apres midi", "'s morgens".
        var candidates = tokens.Concat(tokens.Zip(tokens.Skip(1), (a, b) => a + b)).ToList();
        var when = DayWish.Any;
        Language? dayLanguage = null;
        foreach (var token in candidates)
        {
            // The exact word first ("morgens" is not a typo of "morgen"), then a typo of a longer one.
            var index = Array.FindIndex(DayWords, d => d.Text == token);
            if (index < 0)
            {
                index = Array.FindIndex(DayWords, d => d.Text.Length >= 6 && Matches(token, d.Text));
            }
            if (index >= 0)
            {
                when = DayWords[index].Apply(when);
                dayLanguage ??= DayWords[index].Language;
            }
        }
        if (hour.Success)
        {
            when = when with { FromHour = int.Parse(hour.Groups[1].Value, CultureInfo.InvariantCulture) };
        }

        // "Annuleer mijn afspraak" cancels, "verplaats mijn afspraak" moves: the more specific word wins.
        var intent = Priority
            .Select(i => Best(Words.Where(w => w.Intent == i), candidates, exactOnly: false))
            .FirstOrDefault(w => w is not null);
        if (intent is not null)
        {
            return new TextCommand(intent.Intent, intent.Language ?? dayLanguage, null, when);
        }
        if (tokens.Count <= 3 && Best(Answers, tokens, exactOnly: true) is { } answer)
        {
            return new TextCommand(answer.Intent, answer.Language, null, when);
        }
        return new TextCommand(TextIntent.Unknown, dayLanguage, null, when);
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

    private static Word? Best(IEnumerable<Word> words, IEnumerable<string> tokens, bool exactOnly)
    {
        var list = words.ToList();
        var tokenList = tokens.ToList();
        var exact = list.FirstOrDefault(w => tokenList.Contains(w.Text));
        if (exact is not null || exactOnly)
        {
            return exact;
        }
        return list.FirstOrDefault(w => tokenList.Any(t => Matches(t, w.Text)));
    }

    /// <summary>The same word, or a typo of it: one edit in words of 5+ letters, two in words of 9+.</summary>
    private static bool Matches(string token, string word)
    {
        if (token == word)
        {
            return true;
        }
        var allowed = word.Length >= 9 ? 2 : word.Length >= 5 ? 1 : 0;
        return allowed > 0 && Math.Abs(token.Length - word.Length) <= allowed && Distance(token, word) <= allowed;
    }

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

    private static IEnumerable<Word> Say(TextIntent intent, Language? language, params string[] words) =>
        words.Select(w => new Word(w, intent, language));

    private static IEnumerable<(string, Language?, Func<DayWish, DayWish>)> Weekdays(Language language, params string[] names) =>
        names.Select((name, i) => (name, (Language?)language, (Func<DayWish, DayWish>)(w => w with { Weekday = (IsoDayOfWeek)(i + 1) })));

    [GeneratedRegex(@"^\s*([1-9])\s*[.)!]*\s*$")]
    private static partial Regex ChoicePattern();

    // "14h", "14u", "14 uur", "14 Uhr", "14:00", "14h30": an hour of the day, never a bare number.
    [GeneratedRegex(@"\b([01]?[0-9]|2[0-3])\s*(?:[hu](?:[0-5][0-9])?|uur|uhr|:[0-5][0-9])\b", RegexOptions.IgnoreCase)]
    private static partial Regex HourPattern();
}
