using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Calendar;
using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Messaging;

/// <summary>A message ready for a channel.</summary>
/// <param name="KeyAction">For a spoken thank-you or offer: where Twilio posts the key the citizen presses.</param>
/// <param name="AnswerSilence">An offer: silence is posted too, so the question can be asked once more.</param>
public sealed record RenderedMessage(string Text, string? Subject = null, string? CalendarFile = null, string? CalendarMethod = null, Uri? KeyAction = null, bool AnswerSilence = false);

/// <summary>
/// The words of every message, per language, style and channel, from Messaging/Texts/messages.*.json.
/// Text messages are written to fit one GSM-7 segment (a test renders them all and counts).
/// </summary>
public sealed class MessageTexts
{
    private readonly FrozenDictionary<Language, FrozenDictionary<string, string>> _texts;
    private readonly SlotCalendar _calendar;
    private readonly MessagingSettings _settings;
    private readonly Feedback.FeedbackLinks _feedbackLinks;

    private readonly Waitlist.OfferLinks? _offerLinks;

    public MessageTexts(SlotCalendar calendar, MessagingSettings settings, Feedback.FeedbackLinks feedbackLinks, Waitlist.OfferLinks? offerLinks = null)
    {
        _offerLinks = offerLinks;
        _calendar = calendar;
        _settings = settings;
        _feedbackLinks = feedbackLinks;
        _texts = Languages.All.ToFrozenDictionary(l => l, Load);
    }

    public IReadOnlyCollection<string> Keys(Language language) => _texts[language].Keys;

    public string Text(Language language, string key) =>
        _texts[language].TryGetValue(key, out var text) ? text
        : _texts[Language.En].TryGetValue(key, out var english) ? english
        : throw new KeyNotFoundException($"No message text '{key}'.");

    public RenderedMessage Render(OutboundMessage message, Booking booking)
    {
        var language = message.Language;
        var culture = CultureInfo.GetCultureInfo(language.Code() + "-BE");
        var local = booking.SlotStart.InZone(_calendar.Zone).LocalDateTime;
        var spoken = message.Channel == Channel.Voice;
        var date = LocalDatePattern.Create(Text(language, message.Channel == Channel.Sms ? "Format.ShortDate" : "Format.LongDate"), culture).Format(local.Date);
        var time = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(local.TimeOfDay);
        var reference = BookingReference.TryParse(booking.Reference, out var r) ? r.Spoken : booking.Reference;
        var minutes = (int)(booking.SlotEnd - booking.SlotStart).TotalMinutes;
        var offered = message.OfferedStart?.InZone(_calendar.Zone).LocalDateTime;
        var offeredDate = offered is { } o ? LocalDatePattern.Create(Text(language, message.Channel == Channel.Sms ? "Format.ShortDate" : "Format.LongDate"), culture).Format(o.Date) : "";
        var offeredTime = offered is { } t ? LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(t.TimeOfDay) : "";
        object[] values =
        [
            date,
            time,
            spoken ? Spell(booking.Reference) : reference,
            spoken ? Spell(booking.CallCode) : booking.CallCode,
            _settings.CallingNumber,
            minutes,
            booking.Name ?? "",
            (message.Kind, message.Channel) switch
            {
                (MessageKind.ThankYou, Channel.Email) => _feedbackLinks.For(booking.Id, language).ToString(),
                (MessageKind.WaitlistOffer, Channel.Email) when _offerLinks is not null => _offerLinks.For(booking.Id, language).ToString(),
                _ => "",
            },
            _settings.Link("?lang=" + language.Code()).ToString(),
            Whom(booking.Name, message.Channel, language),
            offeredDate,
            offeredTime,
            offered is { } at ? OfferLink(at, language).ToString() : "",
            message.Link is { } link ? _settings.Link(link).ToString() : "",
        ];
        string Format(string key)
        {
            var template = Text(language, key);
            if (booking.Name is null)
            {
                // "Hello {6}," without a name reads "Hello,".
                template = template.Replace(" {6},", ",", StringComparison.Ordinal);
            }
            return string.Format(culture, template, values);
        }

        var body = Format(BodyKey(message, booking.Plan.Callback.Value));
        if (message.Channel == Channel.Sms)
        {
            return new RenderedMessage(SmsSegments.ToGsm7(body));
        }
        if (message.Channel == Channel.Voice)
        {
            return message.Kind switch
            {
                MessageKind.ThankYou => new RenderedMessage(body, KeyAction: _settings.Link($"webhooks/twilio/feedback/{message.Id:N}")),
                MessageKind.WaitlistOffer => new RenderedMessage(body, KeyAction: _settings.Link($"{OfferCallPath(message.Id)}?turn=1"), AnswerSilence: true),
                _ => new RenderedMessage(body),
            };
        }
        string? ics = null;
        if (message.Kind is MessageKind.Confirmation or MessageKind.Moved or MessageKind.Cancelled)
        {
            ics = BookingCalendarFile.Build(booking, _calendar.Zone, new CalendarText(
                Text(language, "Calendar.Summary"),
                string.Format(culture, Text(language, "Calendar.Description"), reference),
                null), _settings);
        }
        return new RenderedMessage(body, Format($"Email.{message.Kind}.Subject"), ics,
            message.Kind == MessageKind.Cancelled ? "CANCEL" : "PUBLISH");
    }

    /// <summary>
    /// The text for what will really happen. A citizen whose callback is not a plain call to their
    /// number has the mode's own text ("Email.Confirmation.Standard.RelayCall",
    /// "Sms.ReminderDayBefore.Plain.VoiceWithInterpreter"): someone written to or relayed must never read
    /// "we call you on this number", and someone called with an interpreter is told one joins. A mode's
    /// text falls back to the mode's other style before the plain key, so a Plain message never falls
    /// back to the wrong kind of call. A helper (<see cref="Recipient.Proxy"/>) is told whom the message is
    /// for ("Sms.ReminderDayBefore.Helper.Voice": "we call Maria"), whatever the citizen's style; the
    /// helper's base text names no channel, for the callback modes that are not a call.
    /// </summary>
    public string BodyKey(OutboundMessage message, CallbackMode mode)
    {
        var key = $"{message.Channel}.{message.Kind}.{message.Style}";
        string[] candidates = message.Recipient == Recipient.Proxy
            ? [$"{message.Channel}.{message.Kind}.Helper.{mode}", $"{message.Channel}.{message.Kind}.Helper"]
            : [$"{key}.{mode}", $"{message.Channel}.{message.Kind}.{MessageStyle.Standard}.{mode}", $"{message.Channel}.{message.Kind}.{MessageStyle.Plain}.{mode}"];
        return candidates.FirstOrDefault(c => _texts[message.Language].ContainsKey(c) || _texts[Language.En].ContainsKey(c)) ?? key;
    }

    /// <summary>The longest name a text message to a helper carries: one segment must still hold the whole message.</summary>
    public const int MaxSmsName = 20;

    /// <summary>
    /// Whom a helper's message is for ({9}): the citizen's name, in a text message only its first words
    /// up to <see cref="MaxSmsName"/> characters ("Marie-Christine" of "Marie-Christine Vandenbroucke"),
    /// cut if one word is longer; without a name (every phone booking), "the person you help".
    /// </summary>
    public string Whom(string? name, Channel channel, Language language)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Text(language, "Helper.NoName");
        }
        name = name.Trim();
        if (channel != Channel.Sms || name.Length <= MaxSmsName)
        {
            return name;
        }
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var shortName = words[0];
        foreach (var word in words.Skip(1))
        {
            if (shortName.Length + 1 + word.Length > MaxSmsName)
            {
                break;
            }
            shortName += " " + word;
        }
        return shortName.Length <= MaxSmsName ? shortName : shortName[..MaxSmsName];
    }

    /// <summary>
    /// The booking flow's time page on the offered day with the offered time chosen ({12}); short, so a
    /// text message still fits one segment: the day and the local time, not an instant.
    /// </summary>
    public Uri OfferLink(LocalDateTime at, Language language) => _settings.Link(
        $"book/time?day={LocalDatePattern.Iso.Format(at.Date)}&at={LocalTimePattern.CreateWithInvariantCulture("HHmm").Format(at.TimeOfDay)}&lang={language.Code()}");

    /// <summary>Where the keys pressed during a spoken offer are posted (the offer webhook), for the message that was that call.</summary>
    public static string OfferCallPath(Guid messageId) => $"webhooks/twilio/offer/{messageId:N}";

    /// <summary>"K, 7, M, 4, Q, X": letters and digits read one by one, with a pause between.</summary>
    private static string Spell(string text) => string.Join(", ", text.Where(char.IsLetterOrDigit));

    private static FrozenDictionary<string, string> Load(Language language)
    {
        var resource = $"Allo.Scheduler.Messaging.Texts.messages.{language.Code()}.json";
        using var stream = typeof(MessageTexts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the build.");
        return (JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? []).ToFrozenDictionary();
    }
}
