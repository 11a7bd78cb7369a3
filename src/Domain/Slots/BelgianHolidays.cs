using NodaTime;

namespace Allo.Domain.Slots;

/// <summary>
/// The ten Belgian public holidays, computed rather than listed so that no one has to
/// remember to update a table every year. Easter follows the Gregorian computus.
/// </summary>
public static class BelgianHolidays
{
    public static IReadOnlyDictionary<LocalDate, string> For(int year)
    {
        var easter = EasterSunday(year);
        return new Dictionary<LocalDate, string>
        {
            [new LocalDate(year, 1, 1)] = "NewYear",
            [easter.PlusDays(1)] = "EasterMonday",
            [new LocalDate(year, 5, 1)] = "LabourDay",
            [easter.PlusDays(39)] = "Ascension",
            [easter.PlusDays(50)] = "WhitMonday",
            [new LocalDate(year, 7, 21)] = "NationalDay",
            [new LocalDate(year, 8, 15)] = "Assumption",
            [new LocalDate(year, 11, 1)] = "AllSaints",
            [new LocalDate(year, 11, 11)] = "Armistice",
            [new LocalDate(year, 12, 25)] = "Christmas",
        };
    }

    // Every slot of every day asks; a year's holidays are computed once (a race computes them twice, harmlessly).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyDictionary<LocalDate, string>> Years = new();

    public static bool IsHoliday(LocalDate date) => Years.GetOrAdd(date.Year, For).ContainsKey(date);

    /// <summary>Anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }
}
