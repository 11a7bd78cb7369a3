using System.Globalization;
using Allo.Domain;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Texting;

/// <summary>
/// The words of every reply by text message, from the same texts as the other messages (Reply.* in
/// Messaging/Texts), folded to GSM-7 so each stays one segment (a test renders them all and counts).
/// </summary>
public sealed class TextReplies(MessageTexts texts, SlotCalendar calendar, MessagingSettings settings)
{
    public string Say(Language language, string key, params object[] values) =>
        SmsSegments.ToGsm7(string.Format(CultureInfo.GetCultureInfo(language.Code() + "-BE"), texts.Text(language, key), values));

    /// <summary>For a number whose language we do not know yet: Dutch and French together, when it fits one text.</summary>
    public string Bilingual(string key, params object[] values)
    {
        var both = Say(Language.Nl, key, values) + " / " + Say(Language.Fr, key, values);
        return SmsSegments.Count(both) == 1 ? both : Say(Language.Nl, key, values);
    }

    /// <summary>"wo 2 dec 10:00".</summary>
    public string Slot(Language language, Instant start)
    {
        var local = start.InZone(calendar.Zone).LocalDateTime;
        var date = LocalDatePattern.Create(texts.Text(language, "Format.ShortDate"), CultureInfo.GetCultureInfo(language.Code() + "-BE")).Format(local.Date);
        return $"{date} {local.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>"wo 2 dec".</summary>
    public string Day(Language language, LocalDate date) =>
        LocalDatePattern.Create(texts.Text(language, "Format.ShortDate"), CultureInfo.GetCultureInfo(language.Code() + "-BE")).Format(date);

    /// <summary>"1) wo 2 dec 10:00, 2) wo 2 dec 10:15, 3) do 3 dec 09:00".</summary>
    public string Numbered(Language language, IReadOnlyList<Instant> slots) =>
        string.Join(", ", slots.Select((s, i) => $"{i + 1}) {Slot(language, s)}"));

    public string Web(Language language) => settings.Link("?lang=" + language.Code()).ToString();
}
