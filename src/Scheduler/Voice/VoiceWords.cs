using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Voice;

/// <summary>
/// The words of the phone menu (Ivr.* in Messaging/Texts), and times, numbers and references as a
/// voice says them: "dinsdag 9 december om 10 uur 15", "0, 4, 7, 0…", "Karel, 7, Maria…".
/// </summary>
public sealed class VoiceWords(MessageTexts texts, SlotCalendar calendar)
{
    public Spoken Say(Language language, string key, params object[] values) =>
        new(language, string.Format(Culture(language), texts.Text(language, key), values));

    /// <summary>Day and time in words; on the hour without minutes ("om 10 uur").</summary>
    public string Slot(Language language, Instant start)
    {
        var local = start.InZone(calendar.Zone).LocalDateTime;
        var date = LocalDatePattern.Create(texts.Text(language, "Format.LongDate"), Culture(language)).Format(local.Date);
        return local.Minute == 0
            ? string.Format(Culture(language), texts.Text(language, "Ivr.SlotHour"), date, local.Hour)
            : string.Format(Culture(language), texts.Text(language, "Ivr.Slot"), date, local.Hour, local.Minute);
    }

    /// <summary>A day in words ("dinsdag 9 december").</summary>
    public string Day(Language language, LocalDate day) =>
        LocalDatePattern.Create(texts.Text(language, "Format.LongDate"), Culture(language)).Format(day);

    /// <summary>
    /// What a caller hears once a call is theirs: day and time again (<paramref name="key"/>: booked,
    /// moved), the reference spelled as agents spell it, that an interpreter joins if one does, and that
    /// an agent (never asking for bank details) calls.
    /// </summary>
    public IReadOnlyList<Spoken> Confirmation(Language language, string key, Booking booking) =>
    [
        Say(language, key, Slot(language, booking.SlotStart)),
        Say(language, "Ivr.Reference", Reference(booking.Reference, language)),
        .. booking.Plan.InterpreterLanguage is null ? Array.Empty<Spoken>() : [Say(language, "Ivr.Interpreter")],
        Say(language, "Ivr.AgentCalls"),
    ];

    /// <summary>A number digit by digit, the way it is dialled in Belgium (0470…, or +44… abroad).</summary>
    public static string Digits(string e164)
    {
        var dialled = e164.StartsWith("+32", StringComparison.Ordinal) ? "0" + e164[3..] : e164;
        return string.Join(", ", dialled.Where(char.IsAsciiDigit));
    }

    public static string Reference(string reference, Language language) => PhoneticSpelling.Spell(reference, language);

    private static CultureInfo Culture(Language language) => CultureInfo.GetCultureInfo(language.Code() + "-BE");
}
