using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Messaging;

public sealed class MessageTextsTests
{
    private static readonly SlotCalendar Calendar = TestCalendar.Default;
    private static readonly MessagingSettings Settings = new();
    private static readonly MessageTexts Texts = TestTexts.For(Calendar, Settings);

    /// <summary>A booking with the longest date words there are: a Wednesday in September.</summary>
    private static Booking LongestBooking(Language language, string? name = "Marie-Christine Vandenbroucke")
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var start = TestClock.Brussels(2027, 9, 22, 15, 45);
        var now = TestClock.Brussels(2027, 9, 20, 9);
        return Booking.Book(Calendar, start, now, phone!, language, name, "marie@example.be", Needs.None,
            BookingService.PlanFor(language, phone!.Kind, true, Needs.None), BookingReference.New(), "hash");
    }

    private static OutboundMessage Message(Language language, MessageKind kind, Channel channel, MessageStyle style) =>
        new() { Id = Guid.NewGuid(), Language = language, Kind = kind, Channel = channel, Style = style, To = "+32470123456" };

    public static TheoryData<Language, MessageKind, MessageStyle> Everything()
    {
        var data = new TheoryData<Language, MessageKind, MessageStyle>();
        foreach (var language in Languages.All)
        {
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                foreach (var style in Enum.GetValues<MessageStyle>())
                {
                    data.Add(language, kind, style);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Everything))]
    public void Every_text_message_fits_one_gsm7_segment(Language language, MessageKind kind, MessageStyle style)
    {
        var text = Texts.Render(Message(language, kind, Channel.Sms, style), LongestBooking(language)).Text;
        Assert.True(SmsSegments.IsGsm7(text), $"not GSM-7: {text}");
        Assert.True(SmsSegments.Count(text) == 1, $"{text.Length} characters: {text}");
        Assert.DoesNotContain("{", text);
    }

    [Theory]
    [MemberData(nameof(Everything))]
    public void Every_spoken_message_and_email_renders_in_its_language(Language language, MessageKind kind, MessageStyle style)
    {
        var booking = LongestBooking(language, name: null);
        var voice = Texts.Render(Message(language, kind, Channel.Voice, style), booking).Text;
        Assert.DoesNotContain("{", voice);
        if (kind == MessageKind.HeadsUp)
        {
            // The code is read out one digit at a time.
            Assert.Contains(string.Join(", ", booking.CallCode.ToCharArray()), voice);
        }
        var email = Texts.Render(Message(language, kind, Channel.Email, style), booking);
        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain("{", email.Text + email.Subject);
        Assert.DoesNotContain(" ,", email.Text);
        if (kind is MessageKind.Confirmation or MessageKind.Moved or MessageKind.Cancelled)
        {
            Assert.Contains("BEGIN:VCALENDAR", email.CalendarFile);
        }
    }

    [Fact]
    public void Every_language_has_the_same_message_keys_and_placeholders()
    {
        var english = Texts.Keys(Language.En).Order().ToList();
        foreach (var language in Languages.All)
        {
            Assert.Equal(english, Texts.Keys(language).Order());
            foreach (var key in english)
            {
                Assert.Equal(
                    System.Text.RegularExpressions.Regex.Matches(Texts.Text(Language.En, key), @"\{\d\}").Select(m => m.Value).Order(),
                    System.Text.RegularExpressions.Regex.Matches(Texts.Text(language, key), @"\{\d\}").Select(m => m.Value).Order());
            }
        }
    }

    [Theory]
    [InlineData("Hello", 1)]
    [InlineData("Café à 10:00 für Jürgen", 1)]
    [InlineData("Prêt ? Ça va", 1)]
    public void Segments_count_gsm7_and_ucs2_differently(string text, int expected) => Assert.Equal(expected, SmsSegments.Count(text));

    [Fact]
    public void Long_and_non_gsm_texts_split_into_more_segments()
    {
        Assert.Equal(1, SmsSegments.Count(new string('a', 160)));
        Assert.Equal(2, SmsSegments.Count(new string('a', 161)));
        Assert.Equal(2, SmsSegments.Count(new string('€', 80) + "a"));
        Assert.Equal(1, SmsSegments.Count("ê" + new string('a', 69)));
        Assert.Equal(2, SmsSegments.Count("ê" + new string('a', 70)));
        Assert.Equal("aout, pret, ca, 'x'", SmsSegments.ToGsm7("août, prêt, ça, ‘x’"));
    }

    [Fact]
    public void A_spoken_message_is_said_twice_in_the_citizens_language()
    {
        var twiml = Allo.Scheduler.Messaging.Channels.TwilioVoiceChannel.Twiml("Bonjour.", "Je répète.", Language.Fr);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(twiml, "<Say language=\"fr-BE\">").Count);
        Assert.Contains("<Pause length=\"1\"", twiml);
    }
}
