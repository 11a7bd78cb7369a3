using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// The needs question of the phone menu, asked again after each answer: another language from a short
/// list (an interpreter joins, a longer call), and someone else who gets the reminders (their number
/// typed and said back). Every step by keys alone; a wrong key or silence hears it once more, then help.
/// </summary>
public abstract partial class TwilioVoiceWebhookTests
{
    /// <summary>Language, the caller's own number: the needs question is asked.</summary>
    private static async Task ToNeedsAsync(Phone phone, string languageKey)
    {
        await phone.CallAsync();
        await phone.PressAsync(languageKey);
        await phone.PressAsync("1");
    }

    public static TheoryData<string, Language, string, string, string, string> InterpreterLanguages => new()
    {
        { "1", Language.Nl, "1", "Arabisch: druk 1.", "Er is een tolk Arabisch bij het gesprek.", "Arabisch" },
        { "2", Language.Fr, "2", "turc : appuyez sur 2.", "Un interprète en turc participe à l'appel.", "turc" },
        { "3", Language.De, "5", "Polnisch: drücken Sie 5.", "Ein Dolmetscher für Polnisch ist beim Gespräch dabei.", "Polnisch" },
        { "4", Language.En, "7", "Portuguese: press 7.", "An interpreter for Portuguese will join the call.", "Portuguese" },
    };

    [Theory]
    [MemberData(nameof(InterpreterLanguages))]
    public async Task Another_language_chosen_from_the_list_books_a_longer_call_with_an_interpreter_through_the_seat_ledger(
        string languageKey, Language language, string key, string offered, string noted, string stored)
    {
        var from = $"+3247071000{languageKey}";
        var phone = new Phone(this, from);
        await ToNeedsAsync(phone, languageKey);
        await phone.PressAsync("4");
        Assert.Contains(offered, phone.Said);
        await phone.PressAsync(key);
        Assert.StartsWith(noted, phone.Said);
        Assert.DoesNotContain(offered, phone.Said);
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        Assert.True(HungUp(phone.Last));

        var booking = (await BookingOfAsync(from))!;
        Assert.Equal((stored, CallbackMode.VoiceWithInterpreter, stored), (booking.Needs.OtherLanguage, booking.Plan.Callback.Value, booking.Plan.InterpreterLanguage));
        Assert.Equal(2, booking.SlotCount);
        Assert.Equal(2, await _factory.QueryAsync(db => db.SeatClaims.CountAsync(c => c.BookingId == booking.Id)));
        Assert.Contains(Service<MessageTexts>().Text(language, "Ivr.Interpreter"), phone.Said);
    }

    public static TheoryData<string, Language, string, string> ProxyWords => new()
    {
        { "1", Language.Nl, "Typ het telefoonnummer van de persoon die de herinneringen krijgt.", "De herinneringen gaan ook naar 0, 4, 7, 0, 9, 9, 8, 8, 7, 1." },
        { "2", Language.Fr, "Tapez le numéro de téléphone de la personne qui reçoit les rappels.", "Les rappels vont aussi au 0, 4, 7, 0, 9, 9, 8, 8, 7, 2." },
        { "3", Language.De, "Tippen Sie die Telefonnummer der Person ein, die die Erinnerungen erhält.", "Die Erinnerungen gehen auch an 0, 4, 7, 0, 9, 9, 8, 8, 7, 3." },
        { "4", Language.En, "Type the phone number of the person who should get the reminders.", "The reminders also go to 0, 4, 7, 0, 9, 9, 8, 8, 7, 4." },
    };

    [Theory]
    [MemberData(nameof(ProxyWords))]
    public async Task Someone_else_typed_on_the_keypad_and_said_back_gets_the_reminders(string languageKey, Language language, string typeIt, string saidBack)
    {
        var from = $"+3247072000{languageKey}";
        var proxy = $"+3247099887{languageKey}";
        var phone = new Phone(this, from);
        await ToNeedsAsync(phone, languageKey);
        await phone.PressAsync("5");
        Assert.Contains(typeIt, phone.Said);
        Assert.Equal("#", phone.Last.Root!.Element("Gather")!.Attribute("finishOnKey")?.Value);
        await phone.PressAsync($"047099887{languageKey}");
        Assert.StartsWith(saidBack, phone.Said);
        await phone.PressAsync("1");
        Assert.Contains(Service<MessageTexts>().Text(language, "Ivr.NeedsMore"), phone.Said);
        await phone.PressAsync("2");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        Assert.True(HungUp(phone.Last));

        var booking = (await BookingOfAsync(from))!;
        Assert.Equal((proxy, Service<MessageTexts>().Text(language, "Ivr.ProxyName"), false), (booking.Needs.Proxy!.Phone.E164, booking.Needs.Proxy.Name, booking.Needs.Proxy.TakesCall));
        Assert.True(booking.Needs.MoreTime);
        Assert.Contains(booking.Plan.Reminders.Value, r => r.To == Recipient.Proxy && r.Channel == Channel.Sms);
        var toHelper = await _factory.QueryAsync(db => db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == booking.Id && m.Recipient == Recipient.Proxy).ToListAsync());
        Assert.NotEmpty(toHelper);
        Assert.All(toHelper, m => Assert.Equal((proxy, true), (m.To, m.Kind is MessageKind.ReminderDayBefore or MessageKind.ReminderHourBefore)));
    }

    [Fact]
    public async Task A_helpers_number_can_be_typed_again_or_dropped_and_a_language_not_on_the_list_is_said_plainly()
    {
        var phone = new Phone(this, "+32470730001");
        await ToNeedsAsync(phone, "4");
        await phone.PressAsync("5");
        await phone.PressAsync("0470998870");
        await phone.PressAsync("2");
        Assert.StartsWith("Type the phone number of the person", phone.Said);
        await phone.PressAsync("0470998879");
        Assert.StartsWith("The reminders also go to 0, 4, 7, 0, 9, 9, 8, 8, 7, 9.", phone.Said);
        await phone.PressAsync("3");
        // No one else: nothing was chosen, so the first question again.
        Assert.StartsWith("Do you need anything for the call?", phone.Said);
        await phone.PressAsync("4");
        Assert.Contains("Another language? Press 8.", phone.Said);
        await phone.PressAsync("8");
        Assert.StartsWith("We cannot arrange that language by phone.", phone.Said);
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        var booking = (await BookingOfAsync("+32470730001"))!;
        Assert.Equal((null, null, CallbackMode.Voice), (booking.Needs.Proxy, booking.Needs.OtherLanguage, booking.Plan.Callback.Value));
    }

    public static TheoryData<string, string, string> MissWords => new()
    {
        { "1", "Sorry, dat begreep ik niet.", "Hulp nodig?" },
        { "2", "Désolé, je n'ai pas compris.", "Besoin d'aide ?" },
        { "3", "Entschuldigung, das habe ich nicht verstanden.", "Brauchen Sie Hilfe?" },
        { "4", "Sorry, I did not understand.", "Need help?" },
    };

    [Theory]
    [MemberData(nameof(MissWords))]
    public async Task A_wrong_key_in_the_language_list_hears_it_again_and_silence_then_hears_help_and_the_call_ends_without_a_booking(string languageKey, string again, string help)
    {
        var phone = new Phone(this, $"+3247074000{languageKey}");
        await ToNeedsAsync(phone, languageKey);
        await phone.PressAsync("4");
        var list = phone.Said;
        await phone.PressAsync("9");
        Assert.Equal($"{again} {list}", phone.Said);
        await phone.PressAsync(null);
        Assert.True(HungUp(phone.Last));
        Assert.Equal($"{again} {help}", phone.Said[..(again.Length + 1 + help.Length)]);
        Assert.Equal(0, await BookingCountAsync());
    }

    [Theory]
    [MemberData(nameof(MissWords))]
    public async Task A_helpers_number_that_cannot_be_called_or_silence_hears_the_step_again_then_help_and_the_call_ends_without_a_booking(string languageKey, string again, string help)
    {
        var phone = new Phone(this, $"+3247075000{languageKey}");
        await ToNeedsAsync(phone, languageKey);
        await phone.PressAsync("5");
        var typeIt = phone.Said;
        await phone.PressAsync("123");
        Assert.NotEqual(typeIt, phone.Said);
        Assert.EndsWith(typeIt, phone.Said);
        await phone.PressAsync("0470998871");
        await phone.PressAsync("7");
        Assert.StartsWith(again, phone.Said);
        await phone.PressAsync(null);
        Assert.True(HungUp(phone.Last));
        Assert.Contains(help, phone.Said);
        Assert.Equal(0, await BookingCountAsync());
    }

    [Fact]
    public async Task Silence_when_asked_for_the_helpers_number_hears_it_again_then_help()
    {
        var phone = new Phone(this, "+32470760001");
        await ToNeedsAsync(phone, "3");
        await phone.PressAsync("5");
        await phone.PressAsync(null);
        Assert.StartsWith("Entschuldigung, das habe ich nicht verstanden. Tippen Sie die Telefonnummer der Person ein", phone.Said);
        await phone.PressAsync(null);
        Assert.True(HungUp(phone.Last));
        Assert.Equal(0, await BookingCountAsync());
    }
}
