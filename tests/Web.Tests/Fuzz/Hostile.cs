namespace Allo.Web.Tests.Fuzz;

/// <summary>What a field takes, so a case can give it a value that is certainly wrong for it.</summary>
public enum FieldKind
{
    /// <summary>Free text up to <see cref="FieldSpec.Max"/> characters (names, notes, reasons, searches).</summary>
    Text,
    /// <summary>Free text that must not be empty either.</summary>
    RequiredText,
    Phone,
    Email,
    /// <summary>A slot start as the slot picker sends it.</summary>
    Slot,
    /// <summary>A date as a date field sends it.</summary>
    Date,
    /// <summary>One of a few fixed values (a radio button, a select).</summary>
    Choice,
    /// <summary>A whole number from <see cref="FieldSpec.Min"/> to <see cref="FieldSpec.Max"/>.</summary>
    Number,
    /// <summary>A booking reference, a token, an id: anything the form did not render is unknown to the service.</summary>
    Key,
}

/// <param name="Poisonable">Whether a wrong value here is enough to make the whole request change nothing.</param>
public sealed record FieldSpec(string Name, FieldKind Kind, int Min = 0, int Max = 200, bool Poisonable = true)
{
    /// <summary>The checkbox that makes the form read this field ("someone else gets the reminders" for the helper's name).</summary>
    public string? Requires { get; init; }

    /// <summary>Leaving the field empty is a right answer (it clears the agent's phone), so an empty value is no poison.</summary>
    public bool EmptyIsValid { get; init; }
}

/// <summary>
/// Hostile values. <see cref="Any"/> is anything at all — it may by chance be fine for the field;
/// <see cref="WrongFor"/> is certainly refused by the field's rule, which is what lets a case promise
/// to change nothing: every case carries one such "poison" value.
/// </summary>
public static class Hostile
{
    private static readonly string[] Controls = ["\0", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\u000b", "\u000c"];
    private static readonly string[] Nonchars = ["\uFFFE", "\uFFFF", "\uFDD0", "\uD83F\uDFFE"];
    private static readonly string[] Surrogates = ["\uD800", "\uDC00", "\uDBFF", "\uDFFF\uD800"];

    private static readonly string[] FarDates =
    [
        "9999-12-31", "0001-01-01", "-9998-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "0000-00-00", "2026-12-1", "+2026-12-01",
        "2026-12-01T00:00", "99999-01-01", "-0001-12-31", "1900-01-01", "2099-12-31", "2026/12/01", "01-12-2026",
    ];

    private static readonly string[] FarInstants =
    [
        "9999-12-31T10:00:00+01:00", "-9998-01-01T10:00:00+01:00", "9999-12-31T23:00:00-05:00", "-9998-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59Z", "-9998-01-01T00:00:00Z", "0001-01-01T10:00:00+01:00", "2026-12-02T10:00:00+18:00",
        "2026-12-02T10:00:00+19:00", "2026-12-02T10:07:00+01:00", "2026-12-02T10:00:00+05:00", "2026-12-02T25:00:00+01:00",
        "2026-11-30T10:00:00+01:00", "2027-06-01T10:00:00+02:00", "2026-12-05T10:00:00+01:00", "2026-12-25T10:00:00+01:00",
        "2026-12-02T10:00:00.0000000001+01:00", "2026-12-02 10:00", "1764666000", "now", "2026-12-02T12:15:00+01:00",
    ];

    private static readonly string[] Numbers =
    [
        "-1", "0", "99999999999999999999", "2147483648", "-2147483649", "1e309", "NaN", "Infinity", "0x10", "1.5", "١٢", "+7", " 3", "3 ", "1,000",
    ];

    private static readonly string[] Injections =
    [
        "' OR 1=1 --", "\"; DROP TABLE \"Bookings\"; --", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "+SUM(1)", "@cmd",
        "${jndi:ldap://x/a}", "../../etc/passwd", "%00", "{{7*7}}", "{0}", "%s%n%x", "\u202Egnp.exe", "a\u200Db", "🙂🇧🇪", "Zoë Ça ß",
        "null", "undefined", "true", "[]", "{}", "\\", "\\u0000", "&#0;", "<!--", "]]>", "\r\n\r\n", " ", "\t",
    ];

    /// <summary>Values that pass for a person's answer: a case mixes them in so that not every field is wrong.</summary>
    private static readonly string[] Plausible = ["Marie", "0470 12 34 56", "fr", "marie@example.be", "Tigrinya", "2026-12-03", "4", "Closed", "Helped"];

    /// <summary>Anything: hostile, huge, empty or plausible.</summary>
    public static string Any(Random random) => random.Next(14) switch
    {
        0 => Pick(random, Controls) + Pick(random, Plausible),
        1 => "Ma" + Pick(random, Controls) + "rie",
        2 => Pick(random, Plausible) + Pick(random, Nonchars),
        3 => "Ma" + Pick(random, Surrogates) + "rie",
        4 => Long(random),
        5 => Pick(random, FarDates),
        6 => Pick(random, FarInstants),
        7 => Pick(random, Numbers),
        8 or 9 => Pick(random, Injections),
        10 => "",
        11 => Pick(random, Plausible),
        12 => Mix(random),
        _ => new string('9', random.Next(30, 400)),
    };

    /// <summary>A value the field's rule refuses, whatever else the request holds.</summary>
    public static string WrongFor(FieldSpec field, Random random) => field.Kind switch
    {
        FieldKind.Text => TextWrong(random, field.Max),
        FieldKind.RequiredText => random.Next(6) == 0 ? Pick(random, ["", " ", "\t"]) : TextWrong(random, field.Max),
        // Never digits enough to be a Belgian number.
        FieldKind.Phone => Pick(random, ["", "abc", "12", "+", "0", "+32", "00000", "+999 123", "☎", "12345678901234567890123", "\0"]) + Pick(random, Controls.Append("").ToArray()),
        FieldKind.Email => Pick(random, ["x@", "@x.be", "a b@c.be", "a@b", "a@@b.be", "<a@b.be>"]) + (random.Next(2) == 0 ? Pick(random, Controls) : ""),
        FieldKind.Slot => random.Next(4) == 0 ? Any(random) is var any && !any.StartsWith("2026-12-0", StringComparison.Ordinal) ? any : "soon" : Pick(random, FarInstants),
        FieldKind.Date => random.Next(3) == 0 ? "2026-" + Pick(random, Controls) + "12-03" : Pick(random, FarDates),
        FieldKind.Choice => Pick(random, ["", "helped", "HELPED", "0", "1", "-1", "99", "None,Helped", "Closed\0", "X", "xx-BE", "Sms,Voice"]) + (random.Next(3) == 0 ? Pick(random, Controls) : ""),
        FieldKind.Number => Pick(random, [(field.Min - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), (field.Max + 1L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "99999999999999999999", "-0x1", "1e3", "NaN", "", "١", "½", "3\0"]),
        FieldKind.Key => Pick(random, ["", "ZZZZZZ", "00000000-0000-0000-0000-000000000000", RandomGuid(random).ToString(), "K7M-4QX\0", new string('A', 5000), "%2e%2e", "1 OR 1=1"]),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    // Half a surrogate pair is no poison in a form: on the wire it is invalid UTF-8, which the server
    // reads as U+FFFD, a character like any other. It stays among the values of Any.
    private static string TextWrong(Random random, int max) => random.Next(4) switch
    {
        0 => "Ma" + Pick(random, Controls) + "rie",
        1 => "Ma" + Pick(random, Nonchars) + "rie",
        2 => new string('x', max + 1 + random.Next(3)),
        _ => Long(random, max + 1),
    };

    private static string Long(Random random, int atLeast = 201) =>
        string.Concat(Enumerable.Repeat("Zoë-ß ", (atLeast / 6) + 1 + random.Next(atLeast))) + (random.Next(2) == 0 ? "\0" : "");

    private static string Mix(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(3) switch
        {
            0 => Pick(random, Controls),
            1 => Pick(random, Injections),
            _ => Pick(random, Plausible),
        }));

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An id nothing has, from the case's own random numbers so that the case replays.</summary>
    public static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
