using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Voice;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// Calls to the phone menu through POST /webhooks/twilio/voice, signed as Twilio signs them, each
/// next request sent to the address the last answer's &lt;Gather&gt; gave, as Twilio does.
/// </summary>
public abstract partial class TwilioVoiceWebhookTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string PublicBase = "https://allo.example/";
    private const string Path = "webhooks/twilio/voice";
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800), _twilio.Settings(PublicBase));
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    /// <summary>One caller's phone: follows the action of each answer's Gather with the keys pressed.</summary>
    protected sealed class Phone(TwilioVoiceWebhookTests test, string? from)
    {
        public string Sid { get; } = $"CA{Guid.NewGuid():N}";
        public XDocument Last { get; private set; } = null!;
        public Dictionary<string, string> LastForm { get; private set; } = [];
        public string LastUrl { get; private set; } = "";

        public Task<XDocument> CallAsync() => SendAsync(PublicBase + Path, null);

        /// <summary>Presses keys (null: says nothing) where the last answer listens.</summary>
        public Task<XDocument> PressAsync(string? digits)
        {
            var gather = Gather(Last);
            Assert.NotNull(gather);
            return SendAsync(gather.Attribute("action")!.Value, digits);
        }

        private async Task<XDocument> SendAsync(string url, string? digits)
        {
            var form = new Dictionary<string, string>
            {
                ["AccountSid"] = FakeTwilio.AccountSid,
                ["CallSid"] = Sid,
                ["From"] = from ?? "",
                ["To"] = FakeTwilio.From,
                ["CallStatus"] = "in-progress",
                ["Direction"] = "inbound",
            };
            if (digits is not null)
            {
                form["Digits"] = digits;
            }
            (LastForm, LastUrl) = (form, url);
            return Last = await test.PostAsync(url, form);
        }

        public string Said => string.Join(" ", Last.Descendants("Say").Select(s => s.Value));
    }

    protected async Task<XDocument> PostAsync(string url, Dictionary<string, string> form)
    {
        Assert.StartsWith(PublicBase, url);
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + url[PublicBase.Length..]) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", FakeTwilio.Sign(url, form, FakeTwilio.AuthToken));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Response", xml.Root!.Name.LocalName);
        return xml;
    }

    private static XElement? Gather(XDocument xml) => xml.Root!.Element("Gather");

    protected static bool HungUp(XDocument xml) => xml.Root!.Element("Hangup") is not null && Gather(xml) is null;

    protected Task<int> BookingCountAsync() => _factory.QueryAsync(db => db.Bookings.CountAsync());

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private Task<Booking?> BookingOfAsync(string phone) => _factory.QueryAsync(db => db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.PhoneE164 == phone));

    private Task<Instant[]> OfferedAsync(Phone phone) => _factory.QueryAsync(async db =>
        (await db.VoiceCalls.AsNoTracking().SingleAsync(c => c.CallSid == phone.Sid)).OfferedSlots().ToArray());

    /// <summary>Language, the caller's own number, the needs key: the first free times are offered.</summary>
    protected static async Task ToTimesAsync(Phone phone, string languageKey = "1", string needsKey = "1")
    {
        await phone.CallAsync();
        await phone.PressAsync(languageKey);
        await phone.PressAsync("1");
        await phone.PressAsync(needsKey);
    }

    public static TheoryData<string, Language, string, string> Languages => new()
    {
        { "1", Language.Nl, "1", "bankgegevens" },
        { "2", Language.Fr, "21", "bancaires" },
        { "3", Language.De, "31", "Bankdaten" },
        { "4", Language.En, "231", "bank details" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_caller_books_with_keys_alone_in_each_language_and_hears_the_time_the_spelled_reference_and_no_bank_details(
        string languageKey, Language language, string needsKeys, string bankWords)
    {
        var from = $"+3247070000{languageKey}";
        var phone = new Phone(this, from);
        var menu = await phone.CallAsync();
        Assert.Equal(["nl-BE", "fr-BE", "de-DE", "en-GB"], menu.Descendants("Say").Select(s => s.Attribute("language")!.Value));
        Assert.Equal(["dtmf", "1"], [Gather(menu)!.Attribute("input")!.Value, Gather(menu)!.Attribute("numDigits")!.Value]);
        Assert.Equal("true", Gather(menu)!.Attribute("actionOnEmptyResult")!.Value);

        await phone.PressAsync(languageKey);
        Assert.Contains($"0, 4, 7, 0, 7, 0, 0, 0, 0, {languageKey}", phone.Said);
        Assert.All(phone.Last.Descendants("Say"), s => Assert.Equal(TwilioVoice(language), s.Attribute("language")!.Value));
        await phone.PressAsync("1");
        // The needs question comes again after each answer, until 1 ("that is all").
        foreach (var key in needsKeys)
        {
            await phone.PressAsync(key.ToString());
        }
        var offered = await OfferedAsync(phone);
        Assert.InRange(offered.Length, 1, 3);
        var words = Service<VoiceWords>();
        Assert.Contains(words.Slot(language, offered[0]), phone.Said);
        await phone.PressAsync("1");
        Assert.Contains(words.Slot(language, offered[0]), phone.Said);
        Assert.Null(await BookingOfAsync(from));

        var done = await phone.PressAsync("1");
        Assert.True(HungUp(done));
        var booking = await BookingOfAsync(from);
        Assert.NotNull(booking);
        Assert.Equal((FrontEnd.Phone, language, offered[0]), (booking.FrontEnd, booking.Language, booking.SlotStart));
        Assert.Equal((needsKeys.Contains('2'), needsKeys.Contains('3')), (booking.Needs.MoreTime, booking.Needs.Hearing));
        Assert.Equal(booking.Plan.Slots.Value, booking.SlotCount);
        Assert.True(!booking.Needs.MoreTime || booking.SlotCount > 1, "more time is a longer call");
        // A longer call holds a seat in each of its slots, through the seat ledger.
        Assert.Equal(booking.SlotCount, await _factory.QueryAsync(db => db.SeatClaims.CountAsync(c => c.BookingId == booking.Id)));
        Assert.Contains(words.Slot(language, booking.SlotStart), phone.Said);
        Assert.Contains(PhoneticSpelling.Spell(booking.Reference, language), phone.Said);
        Assert.Contains(bankWords, phone.Said);
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == booking.Id && m.Kind == MessageKind.Confirmation);
    }

    private static string TwilioVoice(Language language) => Allo.Scheduler.Messaging.Channels.TwilioVoiceChannel.VoiceLanguage(language).ToString();

    [Fact]
    public async Task Times_are_said_as_day_and_time_in_words()
    {
        var words = Service<VoiceWords>();
        Assert.Equal("woensdag 2 december om 10 uur", words.Slot(Language.Nl, TestClock.Wednesday1000));
        Assert.Equal("woensdag 2 december om 10 uur 15", words.Slot(Language.Nl, TestClock.Wednesday1000 + NodaTime.Duration.FromMinutes(15)));
        Assert.Equal("mercredi 2 décembre à 10 heures 15", words.Slot(Language.Fr, TestClock.Wednesday1000 + NodaTime.Duration.FromMinutes(15)));
    }

    [Fact]
    public async Task Key_4_hears_the_next_three_times_and_key_5_another_week()
    {
        var phone = new Phone(this, "+32470700011");
        await ToTimesAsync(phone, languageKey: "4");
        var first = await OfferedAsync(phone);
        await phone.PressAsync("4");
        var next = await OfferedAsync(phone);
        Assert.True(next[0] > first[^1]);
        await phone.PressAsync("5");
        await phone.PressAsync("1");
        var nextWeek = await OfferedAsync(phone);
        var monday = new NodaTime.LocalDate(2026, 12, 7);
        Assert.All(nextWeek, s => Assert.True(s.InZone(Allo.Domain.Slots.SlotCalendar.Brussels).Date >= monday));
    }

    [Fact]
    public async Task A_wrong_key_hears_the_step_again_and_a_second_one_hears_how_to_get_help_and_the_call_ends()
    {
        var phone = new Phone(this, "+32470700021");
        await phone.CallAsync();
        await phone.PressAsync("9");
        Assert.NotNull(Gather(phone.Last));
        Assert.StartsWith("Sorry, dat begreep ik niet.", phone.Said);
        Assert.Contains("Voor Nederlands, druk 1.", phone.Said);
        await phone.PressAsync("2");
        await phone.PressAsync("7");
        Assert.Contains("Désolé", phone.Said);
        Assert.NotNull(Gather(phone.Last));
        await phone.PressAsync("8");
        Assert.True(HungUp(phone.Last));
        Assert.Contains("Besoin d'aide", phone.Said);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Silence_hears_the_step_again_then_help_and_the_call_ends_without_a_booking()
    {
        var phone = new Phone(this, "+32470700031");
        await ToTimesAsync(phone, languageKey: "3");
        await phone.PressAsync(null);
        Assert.Contains("Diese Zeiten sind frei.", phone.Said);
        await phone.PressAsync(null);
        Assert.True(HungUp(phone.Last));
        Assert.Contains("Brauchen Sie Hilfe?", phone.Said);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_time_taken_before_the_final_key_is_said_and_the_free_times_are_offered_again()
    {
        var phone = new Phone(this, "+32470700041");
        await ToTimesAsync(phone);
        var chosen = (await OfferedAsync(phone))[0];
        await phone.PressAsync("1");
        await _factory.SetSeatsAsync(chosen, 1);
        var other = await _client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = Allo.Scheduler.Bookings.SlotTimes.Format(chosen, Allo.Domain.Slots.SlotCalendar.Brussels), phone = "0470 70 00 49", language = "nl" });
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);

        await phone.PressAsync("1");
        Assert.StartsWith("Sorry, dat moment is net genomen.", phone.Said);
        Assert.NotNull(Gather(phone.Last));
        Assert.DoesNotContain(chosen, await OfferedAsync(phone));
        Assert.Null(await BookingOfAsync("+32470700041"));
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        Assert.NotEqual(chosen, (await BookingOfAsync("+32470700041"))!.SlotStart);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("")]
    [InlineData("+266696687")]
    public async Task A_withheld_number_must_type_one_which_is_said_back_before_booking(string from)
    {
        var phone = new Phone(this, from);
        await phone.CallAsync();
        await phone.PressAsync("4");
        Assert.StartsWith("Your number is hidden.", phone.Said);
        var gather = Gather(phone.Last)!;
        Assert.Equal(("#", null), (gather.Attribute("finishOnKey")?.Value, gather.Attribute("numDigits")?.Value));
        await phone.PressAsync("123");
        Assert.StartsWith("We cannot call you on that number.", phone.Said);
        await phone.PressAsync("0470700051");
        Assert.Contains("0, 4, 7, 0, 7, 0, 0, 0, 5, 1", phone.Said);
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        Assert.Equal(FrontEnd.Phone, (await BookingOfAsync("+32470700051"))!.FrontEnd);
    }

    [Fact]
    public async Task A_landline_gets_the_spoken_message_plan_of_the_contact_rules()
    {
        var phone = new Phone(this, "+3222345678");
        await ToTimesAsync(phone, languageKey: "2");
        await phone.PressAsync("1");
        await phone.PressAsync("1");
        var booking = (await BookingOfAsync("+3222345678"))!;
        Assert.Equal(PhoneKind.Landline, booking.PhoneKind);
        Assert.Equal(
            ContactPlanJson.Write(Allo.Scheduler.Bookings.BookingService.PlanFor(Language.Fr, PhoneKind.Landline, false, Needs.None)),
            ContactPlanJson.Write(booking.Plan));
        Assert.All(booking.Plan.Confirmation.Value, m => Assert.Equal(Channel.Voice, m.Channel));
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == booking.Id && m.Kind == MessageKind.Confirmation && m.Channel == Channel.Voice);
    }

    [Fact]
    public async Task A_replayed_request_gets_the_same_answer_and_changes_nothing()
    {
        var phone = new Phone(this, "+32470700061");
        await ToTimesAsync(phone);
        await phone.PressAsync("1");
        var confirm = phone.Last.ToString();
        var (confirmUrl, confirmForm) = (phone.LastUrl, phone.LastForm);
        var booked = (await phone.PressAsync("1")).ToString();
        var (url, form) = (phone.LastUrl, phone.LastForm);

        var replays = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAsync(url, form)));
        Assert.All(replays, r => Assert.Equal(booked, r.ToString()));
        Assert.Equal(confirm, (await PostAsync(confirmUrl, confirmForm)).ToString());
        // An earlier turn with other keys is still the stored answer.
        Assert.Equal(confirm, (await PostAsync(confirmUrl, new Dictionary<string, string>(confirmForm) { ["Digits"] = "2" })).ToString());
        Assert.Equal(1, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
        Assert.Equal(1, await _factory.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.Kind == MessageKind.Confirmation && m.Channel == Channel.Sms)));
    }

    [Fact]
    public async Task A_second_call_from_the_number_during_a_booking_hears_the_first_calls_booking_and_books_nothing()
    {
        var first = new Phone(this, "+32470700071");
        var second = new Phone(this, "+32470700071");
        await ToTimesAsync(first);
        await ToTimesAsync(second);
        await first.PressAsync("1");
        await second.PressAsync("2");
        await first.PressAsync("1");
        var booking = (await BookingOfAsync("+32470700071"))!;
        await second.PressAsync("1");
        Assert.True(HungUp(second.Last));
        Assert.Contains($"Dit nummer heeft al een gesprek op {Service<VoiceWords>().Slot(Language.Nl, booking.SlotStart)}", second.Said);
        Assert.Equal(1, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    private async Task<Booking> BookedByWebAsync(string phone, string language)
    {
        var booked = await _client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone, language });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        return (await _factory.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync()));
    }

    [Fact]
    public async Task A_caller_with_a_booking_hears_it_first_and_moves_it_through_the_same_time_picker()
    {
        var booking = await BookedByWebAsync("0470 70 00 81", "fr");
        var phone = new Phone(this, "+32470700081");
        await phone.CallAsync();
        Assert.StartsWith("Vous avez un appel le mercredi 2 décembre à 10 heures.", phone.Said);
        await phone.PressAsync("2");
        var offered = await OfferedAsync(phone);
        Assert.DoesNotContain(booking.SlotStart, offered);
        await phone.PressAsync("2");
        await phone.PressAsync("1");
        Assert.True(HungUp(phone.Last));
        Assert.StartsWith("Votre appel est déplacé au", phone.Said);
        var moved = (await BookingOfAsync("+32470700081"))!;
        Assert.Equal((booking.Id, offered[1], FrontEnd.Api), (moved.Id, moved.SlotStart, moved.FrontEnd));
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == booking.Id && m.Kind == MessageKind.Moved);
    }

    [Fact]
    public async Task A_caller_with_a_booking_cancels_it_after_confirming_with_a_key_or_keeps_it()
    {
        var booking = await BookedByWebAsync("0470 70 00 91", "de");
        var keeper = new Phone(this, "+32470700091");
        await keeper.CallAsync();
        await keeper.PressAsync("3");
        Assert.StartsWith("Ihren Anruf am Mittwoch, 2. Dezember um 10 Uhr absagen?", keeper.Said);
        await keeper.PressAsync("2");
        Assert.True(HungUp(keeper.Last));
        Assert.Equal(BookingStatus.Booked, (await BookingOfAsync("+32470700091"))!.Status);

        var phone = new Phone(this, "+32470700091");
        await phone.CallAsync();
        await phone.PressAsync("3");
        await phone.PressAsync("1");
        Assert.True(HungUp(phone.Last));
        Assert.StartsWith("Ihr Anruf am Mittwoch, 2. Dezember um 10 Uhr ist abgesagt.", phone.Said);
        Assert.Equal(BookingStatus.Cancelled, (await _factory.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id))).Status);
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == booking.Id && m.Kind == MessageKind.Cancelled);
    }

    [Fact]
    public async Task A_signed_call_without_a_CallSid_hears_an_apology_and_the_call_ends()
    {
        var form = new Dictionary<string, string> { ["AccountSid"] = FakeTwilio.AccountSid, ["From"] = "+32470700098" };
        var answer = await PostAsync(PublicBase + Path, form);
        Assert.True(HungUp(answer));
        Assert.Contains("Er ging iets mis.", string.Join(" ", answer.Descendants("Say").Select(s => s.Value)));
        Assert.Equal(0, await _factory.QueryAsync(db => db.VoiceCalls.CountAsync()));
    }

    [Fact]
    public async Task An_unsigned_call_is_403_and_changes_nothing()
    {
        var response = await _client.PostAsync("/" + Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["AccountSid"] = FakeTwilio.AccountSid, ["CallSid"] = $"CA{Guid.NewGuid():N}", ["From"] = "+32470700099",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _factory.QueryAsync(db => db.VoiceCalls.CountAsync()));
    }
}

public sealed class SqliteTwilioVoiceWebhookTests() : TwilioVoiceWebhookTests(DatabaseProvider.Sqlite);

public sealed class PostgresTwilioVoiceWebhookTests() : TwilioVoiceWebhookTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task The_same_final_key_arriving_twice_at_once_books_once_and_both_hear_the_same_answer()
    {
        var phone = new Phone(this, "+32470700065");
        await ToTimesAsync(phone);
        await phone.PressAsync("1");
        var url = phone.Last.Root!.Element("Gather")!.Attribute("action")!.Value;
        var form = new Dictionary<string, string>(phone.LastForm) { ["Digits"] = "1" };
        var answers = await Task.WhenAll(PostAsync(url, form), PostAsync(url, form));
        Assert.Equal(answers[0].ToString(), answers[1].ToString());
        Assert.True(HungUp(answers[0]));
        Assert.Equal(1, await BookingCountAsync());
    }
}
