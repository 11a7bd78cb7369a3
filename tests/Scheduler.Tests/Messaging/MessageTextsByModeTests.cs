using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>The words of a message follow the plan's callback mode: a written or relayed callback is never announced as a call to this number.</summary>
public sealed class MessageTextsByModeTests
{
    private static readonly SlotCalendar Calendar = TestCalendar.Default;
    private static readonly MessageTexts Texts = TestTexts.For(Calendar, new MessagingSettings());

    private static readonly MessageKind[] Announcing = [MessageKind.Confirmation, MessageKind.ReminderDayBefore, MessageKind.ReminderHourBefore];

    /// <summary>A booking with the longest date words there are (a Wednesday in September) and the given callback mode.</summary>
    private static Booking BookingWith(Language language, CallbackMode mode)
    {
        PhoneNumber.TryParse("0470 12 34 56", out var phone);
        var plan = BookingService.PlanFor(language, phone!.Kind, true, Needs.None) with { Callback = new Decided<CallbackMode>(mode, []) };
        return Booking.Book(Calendar, TestClock.Brussels(2027, 9, 22, 15, 45), TestClock.Brussels(2027, 9, 20, 9), phone!, language,
            "Marie-Christine Vandenbroucke", "marie@example.be", Needs.None, plan, BookingReference.New(), "hash");
    }

    private static OutboundMessage Message(Language language, MessageKind kind, Channel channel, MessageStyle style = MessageStyle.Standard) =>
        new() { Id = Guid.NewGuid(), Language = language, Kind = kind, Channel = channel, Style = style, To = "+32470123456" };

    public static TheoryData<Language, MessageKind, MessageStyle, CallbackMode> EveryMode()
    {
        var data = new TheoryData<Language, MessageKind, MessageStyle, CallbackMode>();
        foreach (var language in Languages.All)
        {
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                foreach (var style in Enum.GetValues<MessageStyle>())
                {
                    foreach (var mode in Enum.GetValues<CallbackMode>())
                    {
                        data.Add(language, kind, style, mode);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMode))]
    public void Every_text_message_of_every_callback_mode_fits_one_gsm7_segment(Language language, MessageKind kind, MessageStyle style, CallbackMode mode)
    {
        var text = Texts.Render(Message(language, kind, Channel.Sms, style), BookingWith(language, mode)).Text;
        Assert.True(SmsSegments.IsGsm7(text), $"not GSM-7: {text}");
        Assert.True(SmsSegments.Count(text) == 1, $"{text.Length} characters: {text}");
        Assert.DoesNotContain("{", text);
    }

    public static TheoryData<Language, CallbackMode, Channel> WrittenOrRelayed()
    {
        var data = new TheoryData<Language, CallbackMode, Channel>();
        foreach (var language in Languages.All)
        {
            data.Add(language, CallbackMode.TextConversation, Channel.Sms);
            data.Add(language, CallbackMode.RelayCall, Channel.Email);
            data.Add(language, CallbackMode.EmailConversation, Channel.Email);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrittenOrRelayed))]
    public void A_written_or_relayed_callback_gets_its_own_confirmation_and_reminders_not_the_ones_for_a_call_to_this_number(
        Language language, CallbackMode mode, Channel channel)
    {
        foreach (var kind in Announcing)
        {
            foreach (var style in Enum.GetValues<MessageStyle>())
            {
                var message = Message(language, kind, channel, style);
                var key = Texts.BodyKey(message, mode);
                Assert.EndsWith("." + mode, key);
                Assert.NotEqual(Texts.Render(message, BookingWith(language, CallbackMode.Voice)).Text, Texts.Render(message, BookingWith(language, mode)).Text);
            }
        }
    }

    [Theory]
    [InlineData(CallbackMode.TextConversation, "call you on this number")]
    [InlineData(CallbackMode.EmailConversation, "We will call you at that time")]
    [InlineData(CallbackMode.RelayCall, "through the relay service")]
    public void The_english_confirmation_says_what_will_really_happen(CallbackMode mode, string phrase)
    {
        var channel = mode == CallbackMode.TextConversation ? Channel.Sms : Channel.Email;
        var text = Texts.Render(Message(Language.En, MessageKind.Confirmation, channel), BookingWith(Language.En, mode)).Text;
        if (mode == CallbackMode.RelayCall)
        {
            Assert.Contains(phrase, text);
        }
        else
        {
            Assert.DoesNotContain(phrase, text);
        }
    }

    [Fact]
    public void The_heads_up_names_the_caller_id_the_call_really_comes_from_and_the_service_number_only_without_telephony()
    {
        var withTwilio = new MessagingSettings
        {
            Twilio = new TwilioSettings("AC1", "token", "+32470000001", "+3225559999", new Uri("https://allo.example.be/"), null),
        };
        var booking = BookingWith(Language.Fr, CallbackMode.Voice);
        var told = TestTexts.For(Calendar, withTwilio).Render(Message(Language.Fr, MessageKind.HeadsUp, Channel.Sms), booking).Text;
        var plain = Texts.Render(Message(Language.Fr, MessageKind.HeadsUp, Channel.Sms), booking).Text;

        Assert.Contains("+3225559999", told);
        Assert.DoesNotContain("+32470000001", told);
        Assert.Contains(new MessagingSettings().ServiceNumber, plain);
    }
}
