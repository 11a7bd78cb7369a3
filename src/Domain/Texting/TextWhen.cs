using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace Allo.Domain.Texting;

/// <summary>
/// The day and time a text asks for: day words ("morgen", "lundi", "namiddag"), a time ("14u30",
/// "3pm", "15:30", "14 Uhr") and a date ("12/12", "15 december", "le 3 janvier", "3. Januar").
/// Digits are ASCII only: another script's digits are not read, so they cannot break the parse.
/// </summary>
internal static partial class TextWhen
{
    private static readonly (string Text, Language? Language, Func<DayWish, DayWish> Apply)[] DayWords =
    [
        ("VANDAAG", Language.Nl, w => w with { DaysFromToday = 0 }),
        ("AUJOURDHUI", Language.Fr, w => w with { DaysFromToday = 0 }),
        ("HEUTE", Language.De, w => w with { DaysFromToday = 0 }),
        ("TODAY", Language.En, w => w with { DaysFromToday = 0 }),
        ("OVERMORGEN", Language.Nl, w => w with { DaysFromToday = 2 }),
        ("APRESDEMAIN", Language.Fr, w => w with { DaysFromToday = 2 }),
        ("UBERMORGEN", Language.De, w => w with { DaysFromToday = 2 }),
        ("MORGEN", null, w => w with { DaysFromToday = 1 }),
        ("DEMAIN", Language.Fr, w => w with { DaysFromToday = 1 }),
        ("TOMORROW", Language.En, w => w with { DaysFromToday = 1 }),
        .. Weekdays(Language.Nl, "MAANDAG", "DINSDAG", "WOENSDAG", "DONDERDAG", "VRIJDAG", "ZATERDAG", "ZONDAG"),
        .. Weekdays(Language.Fr, "LUNDI", "MARDI", "MERCREDI", "JEUDI", "VENDREDI", "SAMEDI", "DIMANCHE"),
        .. Weekdays(Language.De, "MONTAG", "DIENSTAG", "MITTWOCH", "DONNERSTAG", "FREITAG", "SAMSTAG", "SONNTAG"),
        .. Weekdays(Language.En, "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
        ("VOORMIDDAG", Language.Nl, w => w with { Part = PartOfDay.Morning }),
        ("OCHTEND", Language.Nl, w => w with { Part = PartOfDay.Morning }),
        ("SMORGENS", Language.Nl, w => w with { Part = PartOfDay.Morning }),
        ("MATIN", Language.Fr, w => w with { Part = PartOfDay.Morning }),
        ("MATINEE", Language.Fr, w => w with { Part = PartOfDay.Morning }),
        ("VORMITTAG", Language.De, w => w with { Part = PartOfDay.Morning }),
        ("MORGENS", Language.De, w => w with { Part = PartOfDay.Morning }),
        ("MORNING", Language.En, w => w with { Part = PartOfDay.Morning }),
        ("NAMIDDAG", Language.Nl, w => w with { Part = PartOfDay.Afternoon }),
        ("SNAMIDDAGS", Language.Nl, w => w with { Part = PartOfDay.Afternoon }),
        ("APRESMIDI", Language.Fr, w => w with { Part = PartOfDay.Afternoon }),
        ("APREM", Language.Fr, w => w with { Part = PartOfDay.Afternoon }),
        ("NACHMITTAG", Language.De, w => w with { Part = PartOfDay.Afternoon }),
        ("NACHMITTAGS", Language.De, w => w with { Part = PartOfDay.Afternoon }),
        ("AFTERNOON", Language.En, w => w with { Part = PartOfDay.Afternoon }),
    ];

    // Month names and their usual short forms, Dutch, French, German, English; index + 1 is the month.
    private static readonly string[][] Months =
    [
        ["JANUARI", "JANVIER", "JANUAR", "JANUARY", "JAN", "JANV"],
        ["FEBRUARI", "FEVRIER", "FEBRUAR", "FEBRUARY", "FEB", "FEV", "FEVR"],
        ["MAART", "MARS", "MARZ", "MAERZ", "MARCH", "MRT"],
        ["APRIL", "AVRIL", "APR", "AVR"],
        ["MEI", "MAI", "MAY"],
        ["JUNI", "JUIN", "JUNE", "JUN"],
        ["JULI", "JUILLET", "JULY", "JUL", "JUIL"],
        ["AUGUSTUS", "AOUT", "AUGUST", "AUG"],
        ["SEPTEMBER", "SEPTEMBRE", "SEP", "SEPT"],
        ["OKTOBER", "OCTOBRE", "OCTOBER", "OKT", "OCT"],
        ["NOVEMBER", "NOVEMBRE", "NOV"],
        ["DECEMBER", "DECEMBRE", "DEZEMBER", "DEC", "DEZ"],
    ];

    /// <summary>The wish in a text, and the language its day words tell (if any).</summary>
    /// <param name="raw">The cleaned text (times and numeric dates need its punctuation).</param>
    /// <param name="tokens">Its folded words.</param>
    /// <param name="candidates">Its words and each pair of neighbours joined ("apres midi").</param>
    public static (DayWish When, Language? Language) Read(string raw, IReadOnlyList<string> tokens, IEnumerable<string> candidates)
    {
        var when = DayWish.Any;
        Language? language = null;
        foreach (var token in candidates)
        {
            // The exact word first ("morgens" is not a typo of "morgen"), then a typo of a longer one.
            var index = Array.FindIndex(DayWords, d => d.Text == token);
            if (index < 0)
            {
                index = Array.FindIndex(DayWords, d => d.Text.Length >= 6 && Typos.Matches(token, d.Text));
            }
            if (index >= 0)
            {
                when = DayWords[index].Apply(when);
                language ??= DayWords[index].Language;
            }
        }
        if (TimeIn(raw) is { } at)
        {
            when = when with { At = at };
        }
        if ((NumericDate(raw) ?? NamedDate(tokens)) is { } date)
        {
            when = when with { Date = date.Date, Year = date.Year };
        }
        return (when, language);
    }

    /// <summary>The first time of day in the text that is a real one ("25u" and "3:75" are not).</summary>
    private static LocalTime? TimeIn(string raw)
    {
        foreach (Match m in TimePattern().Matches(raw))
        {
            var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            if (m.Groups["ap"].Success)
            {
                if (hour is < 1 or > 12)
                {
                    continue;
                }
                hour = hour % 12 + (char.ToLowerInvariant(m.Groups["ap"].Value[0]) == 'p' ? 12 : 0);
            }
            if (hour <= 23 && minute <= 59)
            {
                return new LocalTime(hour, minute);
            }
        }
        return null;
    }

    /// <summary>"12/12", "3-1", "3.12.", "24/12/2026": day first, as in Belgium.</summary>
    private static (AnnualDate Date, int? Year)? NumericDate(string raw)
    {
        foreach (Match m in DatePattern().Matches(raw))
        {
            int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            if (year is < 100)
            {
                year += 2000;
            }
            if (Valid(int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture)) is { } date)
            {
                return (date, year);
            }
        }
        return null;
    }

    /// <summary>"15 december", "le 1er janvier", "3. Januar", "December 15th", "15 dec 2026".</summary>
    private static (AnnualDate Date, int? Year)? NamedDate(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Month(tokens[i]) is not { } month)
            {
                continue;
            }
            var day = i > 0 ? DayNumber(tokens[i - 1]) : null;
            var yearAt = i + 1;
            if (day is null && i + 1 < tokens.Count)
            {
                day = DayNumber(tokens[i + 1]);
                yearAt = i + 2;
            }
            if (day is { } d && Valid(d, month) is { } date)
            {
                int? year = yearAt < tokens.Count && tokens[yearAt].Length == 4 && tokens[yearAt].All(char.IsAsciiDigit)
                    ? int.Parse(tokens[yearAt], CultureInfo.InvariantCulture)
                    : null;
                return (date, year);
            }
        }
        return null;
    }

    private static int? Month(string token)
    {
        for (var m = 0; m < Months.Length; m++)
        {
            if (Months[m].Any(name => name == token || (name.Length >= 5 && Typos.Matches(token, name))))
            {
                return m + 1;
            }
        }
        return null;
    }

    private static int? DayNumber(string token)
    {
        var m = DayNumberPattern().Match(token);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    // 29 February is a valid day and month: it resolves to the next leap year's.
    private static AnnualDate? Valid(int day, int month) =>
        month is >= 1 and <= 12 && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(2028, month) ? new AnnualDate(month, day) : null;

    private static IEnumerable<(string, Language?, Func<DayWish, DayWish>)> Weekdays(Language language, params string[] names) =>
        names.Select((name, i) => (name, (Language?)language, (Func<DayWish, DayWish>)(w => w with { Weekday = (IsoDayOfWeek)(i + 1) })));

    // "15:30", "15.30 uur", "14h", "14h30", "14u30", "14 uur", "14 Uhr", "3pm", "3:30 p.m.": a time of day, never a bare
    // number; minutes after h/u only when they follow at once, so "10u 15 december" is 10:00 on 15 December.
    [GeneratedRegex(
        @"(?<![\w:./-])(?:(?<h>[0-9]{1,2})\s*(?::|\.(?=[0-9]{2}\s*(?:uur|uhr|h\b|[ap]\.?m)))\s*(?<m>[0-9]{2})(?:\s*(?<ap>[ap])\.?m\b\.?)?"
        + @"|(?<h>[0-9]{1,2})\s*(?:uur|uhr|h|u)(?<m>[0-9]{2})?"
        + @"|(?<h>[0-9]{1,2})\s*(?<ap>[ap])\.?m\b\.?)(?![\w:])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    // "12/12", "3-1", "24/12/2026", "3.12." (a dot only with a year or a closing dot: "15.30" is a time).
    [GeneratedRegex(
        @"(?<![\w:./-])(?:(?<d>[0-9]{1,2})\s*[/-]\s*(?<mo>[0-9]{1,2})(?:\s*[/-]\s*(?<y>[0-9]{4}|[0-9]{2}))?(?![\w:/-])"
        + @"|(?<d>[0-9]{1,2})\.(?<mo>[0-9]{1,2})(?:\.(?<y>[0-9]{4}|[0-9]{2})(?![\w.])|\.(?![\w])))",
        RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    // "3", "03", "1ER", "1E", "3RD", "15TH", "2DE", "1STE": a day of the month as a folded word.
    [GeneratedRegex(@"^([0-9]{1,2})(?:ER|E|STE|DE|ST|ND|RD|TH)?$")]
    private static partial Regex DayNumberPattern();
}
