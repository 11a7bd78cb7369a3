using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>
/// What a helper (the person who receives the reminders) and a citizen called with an interpreter really
/// read and hear: the messages the planner makes due for such a booking, rendered with the real texts.
/// </summary>
public sealed class MessageTextsForHelperAndInterpreterTests
{
    private static readonly SlotCalendar Calendar = TestCalendar.Default;
    private static readonly MessagingSettings Settings = new();
    private static readonly MessageTexts Texts = TestTexts.For(Calendar, Settings);
    private static readonly MessagePlanner Planner = new(Settings, Calendar);

    private static PhoneNumber Phone(string text)
    {
        PhoneNumber.TryParse(text, out var phone);
        return phone!;
    }

    private static ProxyContact Helper(string phone = "0470 99 88 77", bool takesCall = false) =>
        new() { Name = "Jan", Phone = Phone(phone), TakesCall = takesCall };

    /// <summary>A Wednesday morning in September (the longest date words), booked on the Monday before, with these needs.</summary>
    private static Booking BookingWith(Language language, Needs needs, string? name = "Maria Peeters", string phone = "0470 12 34 56", CallbackMode? mode = null)
    {
        var citizen = Phone(phone);
        var plan = BookingService.PlanFor(language, citizen.Kind, false, needs);
        if (mode is { } forced)
        {
            plan = plan with { Callback = new Decided<CallbackMode>(forced, []) };
        }
        return Booking.Book(Calendar, TestClock.Brussels(2027, 9, 22, 10, 15), TestClock.Brussels(2027, 9, 20, 9), citizen, language,
            name, null, needs, plan, BookingReference.New(), "hash");
    }

    private static string Rendered(Booking booking, MessageKind kind, Recipient to, Channel channel)
    {
        var message = Planner.For(booking, MessageKind.Confirmation, TestClock.Brussels(2027, 9, 20, 9))
            .Single(m => m.Kind == kind && m.Recipient == to && m.Channel == channel);
        return Texts.Render(message, booking).Text;
    }

    private static string Ref(Booking booking) => BookingReference.TryParse(booking.Reference, out var r) ? r.Spoken : booking.Reference;

    public static TheoryData<Language, string, string> HelperReminders => new()
    {
        { Language.Nl, "Herinnering: morgen wo 22 sep om 10:15 bellen we Maria Peeters over de belastingaangifte. Ref. {0}.", "Over een uur, om 10:15, bellen we Maria Peeters over de belastingaangifte. Ref. {0}." },
        { Language.Fr, "Rappel : demain mer. 22 sept. à 10:15, nous appelons Maria Peeters pour sa déclaration fiscale. Réf. {0}.", "Dans une heure, à 10:15, nous appelons Maria Peeters pour sa déclaration fiscale. Réf. {0}." },
        { Language.De, "Erinnerung: Morgen Mi 22. Sept. um 10:15 rufen wir Maria Peeters zur Steuererklärung an. Ref. {0}.", "In einer Stunde, um 10:15, rufen wir Maria Peeters zur Steuererklärung an. Ref. {0}." },
        { Language.En, "Reminder: tomorrow Wed 22 Sept at 10:15 we call Maria Peeters about their tax return. Ref {0}.", "In one hour, at 10:15, we call Maria Peeters about their tax return. Ref {0}." },
    };

    [Theory]
    [MemberData(nameof(HelperReminders))]
    public void A_helpers_reminders_say_whom_we_call_and_when_in_each_language(Language language, string dayBefore, string hourBefore)
    {
        var booking = BookingWith(language, new Needs { Proxy = Helper() });

        Assert.Equal(string.Format(dayBefore, Ref(booking)), Rendered(booking, MessageKind.ReminderDayBefore, Recipient.Proxy, Channel.Sms));
        Assert.Equal(string.Format(hourBefore, Ref(booking)), Rendered(booking, MessageKind.ReminderHourBefore, Recipient.Proxy, Channel.Sms));
        // The citizen's own reminder still speaks to the citizen.
        Assert.DoesNotContain("Maria", Rendered(booking, MessageKind.ReminderDayBefore, Recipient.Citizen, Channel.Sms));
    }

    public static TheoryData<Language, string> HelperWithoutName => new()
    {
        { Language.Nl, "Goedendag. Hier is de Federale Overheidsdienst Financiën. Morgen, woensdag 22 september, om 10:15, bellen we de persoon die u helpt over de belastingaangifte." },
        { Language.Fr, "Bonjour. Ici le Service public fédéral Finances. Demain, mercredi 22 septembre, à 10:15, nous appellerons la personne que vous aidez pour sa déclaration d'impôt." },
        { Language.De, "Guten Tag. Hier ist der Föderale Öffentliche Dienst Finanzen. Morgen, Mittwoch, 22. September, um 10:15, rufen wir die von Ihnen unterstützte Person zur Steuererklärung an." },
        { Language.En, "Hello. This is the tax administration. Tomorrow, Wednesday 22 September, at 10:15, we will call the person you help about their tax return." },
    };

    [Theory]
    [MemberData(nameof(HelperWithoutName))]
    public void A_helper_on_a_landline_hears_the_reminder_for_the_person_they_help_when_no_name_was_given(Language language, string expected)
    {
        // A phone booking has no name: the helper still hears whom the call is for.
        var booking = BookingWith(language, new Needs { Proxy = Helper("02 234 56 78") }, name: null);

        Assert.Equal(expected, Rendered(booking, MessageKind.ReminderDayBefore, Recipient.Proxy, Channel.Voice));
    }

    public static TheoryData<Language, string, string> HelperOfInterpreterCall => new()
    {
        { Language.Nl, "met een tolk", "Maria" },
        { Language.Fr, "avec un interprète", "Maria" },
        { Language.De, "mit einem Dolmetscher", "Maria" },
        { Language.En, "with an interpreter", "Maria" },
    };

    [Theory]
    [MemberData(nameof(HelperOfInterpreterCall))]
    public void A_helper_of_a_citizen_called_with_an_interpreter_is_told_so(Language language, string interpreter, string name)
    {
        var booking = BookingWith(language, new Needs { OtherLanguage = "Arabic", Proxy = Helper() });
        Assert.Equal(CallbackMode.VoiceWithInterpreter, booking.Plan.Callback.Value);

        var text = Rendered(booking, MessageKind.ReminderDayBefore, Recipient.Proxy, Channel.Sms);
        Assert.Contains(interpreter, text);
        Assert.Contains(name, text);
    }

    [Theory]
    [InlineData(Language.Nl, "bellen we u op dit nummer voor Maria Peeters")]
    [InlineData(Language.Fr, "nous vous appelons à ce numéro pour Maria Peeters")]
    [InlineData(Language.De, "rufen wir Sie unter dieser Nummer für Maria Peeters an")]
    [InlineData(Language.En, "we call you on this number for Maria Peeters")]
    public void A_helper_who_takes_the_call_is_told_we_call_them_for_the_citizen(Language language, string phrase)
    {
        var booking = BookingWith(language, new Needs { Proxy = Helper(takesCall: true) });
        Assert.Equal(CallbackMode.ProxyCall, booking.Plan.Callback.Value);

        Assert.Contains(phrase, Rendered(booking, MessageKind.ReminderHourBefore, Recipient.Proxy, Channel.Sms));
    }

    [Theory]
    [InlineData(Language.Nl, "Herinnering: morgen wo 22 sep om 10:15 heeft Maria Peeters een afspraak met de belastinghulp.")]
    [InlineData(Language.En, "Reminder: tomorrow Wed 22 Sept at 10:15, Maria Peeters has an appointment with tax help.")]
    public void A_helper_of_a_written_conversation_is_not_told_it_is_a_call(Language language, string start)
    {
        var booking = BookingWith(language, new Needs { Hearing = true, Proxy = Helper() });
        Assert.Equal(CallbackMode.TextConversation, booking.Plan.Callback.Value);

        Assert.StartsWith(start, Rendered(booking, MessageKind.ReminderDayBefore, Recipient.Proxy, Channel.Sms));
    }

    public static TheoryData<Language, string, string, string> InterpreterTexts => new()
    {
        {
            Language.Nl,
            "Uw gesprek is gepland. Dag: wo 22 sep. Uur: 10:15. Wij bellen u met een tolk. Ref. {0}.",
            "Morgen om 10:15 bellen we u met een tolk. Houd uw belastingpapieren klaar. Ref. {0}.",
            "We bellen u zo meteen vanaf {1}, met een tolk. We zeggen de code {2}. We vragen nooit naar uw bankgegevens."
        },
        {
            Language.Fr,
            "Votre appel est réservé. Jour : mer. 22 sept.. Heure : 10:15. Nous vous appelons avec un interprète. Réf. {0}.",
            "Demain à 10:15, nous vous appelons avec un interprète. Préparez vos papiers d'impots. Réf. {0}.",
            "Nous allons vous appeler du {1}, avec un interprète. Nous dirons le code {2}. Nous ne demandons jamais vos coordonnées bancaires."
        },
        {
            Language.De,
            "Ihr Anruf ist gebucht. Tag: Mi 22. Sept.. Uhrzeit: 10:15. Wir rufen Sie mit einem Dolmetscher an. Ref. {0}.",
            "Morgen um 10:15 rufen wir Sie mit einem Dolmetscher an. Legen Sie Ihre Steuerpapiere bereit. Ref. {0}.",
            "Wir rufen Sie gleich mit einem Dolmetscher an, von der Nummer {1}. Wir sagen den Code {2}. Wir fragen nie nach Ihren Bankdaten."
        },
        {
            Language.En,
            "Your call is booked. Day: Wed 22 Sept. Time: 10:15. We call you with an interpreter. Ref {0}.",
            "Tomorrow at 10:15 we call you with an interpreter. Have your tax papers ready. Ref {0}.",
            "We call you soon from {1}, with an interpreter. We say code {2}. We never ask for bank details."
        },
    };

    [Theory]
    [MemberData(nameof(InterpreterTexts))]
    public void A_citizen_called_with_an_interpreter_reads_so_in_the_confirmation_reminder_and_heads_up(Language language, string confirmation, string reminder, string headsUp)
    {
        var booking = BookingWith(language, new Needs { OtherLanguage = "Arabic" });
        Assert.Equal((CallbackMode.VoiceWithInterpreter, MessageStyle.Plain), (booking.Plan.Callback.Value, booking.Plan.Style.Value));

        Assert.Equal(string.Format(confirmation, Ref(booking)), Rendered(booking, MessageKind.Confirmation, Recipient.Citizen, Channel.Sms));
        Assert.Equal(string.Format(reminder, Ref(booking)), Rendered(booking, MessageKind.ReminderDayBefore, Recipient.Citizen, Channel.Sms));
        Assert.Equal(string.Format(headsUp, Ref(booking), Settings.CallingNumber, booking.CallCode), Rendered(booking, MessageKind.HeadsUp, Recipient.Citizen, Channel.Sms));
    }

    [Theory]
    [InlineData(Language.Nl, "Er is een tolk bij het gesprek.")]
    [InlineData(Language.Fr, "Un interprète participe à l'appel.")]
    [InlineData(Language.De, "Ein Dolmetscher ist beim Gespräch dabei.")]
    [InlineData(Language.En, "An interpreter will join the call.")]
    public void A_citizen_called_with_an_interpreter_hears_it_in_a_spoken_reminder(Language language, string sentence)
    {
        var booking = BookingWith(language, new Needs { OtherLanguage = "Arabic", PrefersCall = true });

        Assert.Contains(sentence, Rendered(booking, MessageKind.ReminderHourBefore, Recipient.Citizen, Channel.Voice));
        Assert.Contains(sentence, Rendered(booking, MessageKind.Confirmation, Recipient.Citizen, Channel.Voice));
    }

    [Theory]
    [InlineData("Maria", "Maria")]
    [InlineData("Marie-Christine Vandenbroucke", "Marie-Christine")]
    [InlineData("Jan de Vries van den Berghe", "Jan de Vries van den")]
    [InlineData("Anna-Maria-Theresia-Josephina Müller", "Anna-Maria-Theresia-")]
    [InlineData("  ", "the person you help")]
    public void A_text_message_names_the_citizen_by_their_first_words_up_to_twenty_characters(string name, string expected)
    {
        Assert.Equal(expected, Texts.Whom(name, Channel.Sms, Language.En));
        Assert.Equal(name.Trim().Length == 0 ? expected : name.Trim(), Texts.Whom(name, Channel.Voice, Language.En));
    }

    public static TheoryData<Language, MessageKind, CallbackMode, string?> EveryHelperMessage()
    {
        var data = new TheoryData<Language, MessageKind, CallbackMode, string?>();
        foreach (var language in Languages.All)
        {
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                foreach (var mode in Enum.GetValues<CallbackMode>())
                {
                    // The longest name the web accepts, one long word, and none at all (every phone booking).
                    data.Add(language, kind, mode, new string('W', BookingFields.MaxName / 2) + " " + new string('w', BookingFields.MaxName / 2 - 1));
                    data.Add(language, kind, mode, null);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryHelperMessage))]
    public void Every_text_message_to_a_helper_fits_one_gsm7_segment_whatever_the_name(Language language, MessageKind kind, CallbackMode mode, string? name)
    {
        var booking = BookingWith(language, new Needs { Proxy = Helper() }, name, mode: mode);
        foreach (var style in Enum.GetValues<MessageStyle>())
        {
            OutboundMessage Message(Channel channel) =>
                new() { Id = Guid.NewGuid(), Language = language, Kind = kind, Channel = channel, Style = style, Recipient = Recipient.Proxy, To = "+32470998877" };
            var text = Texts.Render(Message(Channel.Sms), booking).Text;
            Assert.True(SmsSegments.IsGsm7(text), $"not GSM-7: {text}");
            Assert.True(SmsSegments.Count(text) == 1, $"{text.Length} characters: {text}");
            Assert.DoesNotContain("{", text);
            var spoken = Texts.Render(Message(Channel.Voice), booking).Text;
            Assert.DoesNotContain("{", spoken);
        }
    }
}
