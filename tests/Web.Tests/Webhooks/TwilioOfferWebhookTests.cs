using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Voice;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// The key a landline presses in the spoken waitlist offer: POST /webhooks/twilio/offer/{message}, signed
/// as Twilio signs it. Wednesday 10:15 is the one free seat of the morning, held for the landline.
/// </summary>
public abstract class TwilioOfferWebhookTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string PublicBase = "https://allo.example/";
    private const string Landline = "+3225114455";
    private static readonly Instant Wednesday1015 = TestClock.Brussels(2026, 12, 2, 10, 15);
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;
    private HttpClient _client = null!;
    private OutboundMessage _offer = null!;
    private readonly string _callSid = $"CA{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800), _twilio.Settings(PublicBase));
        _client = _factory.CreateClient();
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 9), 0);
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 11), 0);
        await _factory.SetSeatsAsync(TestClock.Wednesday1000, 1);
        foreach (var (slot, number) in new[] { ("10:00", "0470 80 00 00"), ("10:30", "0470 80 00 30"), ("10:45", "0470 80 00 45") })
        {
            var response = await _client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = $"2026-12-02T{slot}:00+01:00", phone = number, language = "nl" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        await using var scope = _factory.Services.CreateAsyncScope();
        var waitlist = scope.ServiceProvider.GetRequiredService<WaitlistService>();
        PhoneNumber.TryParse(Landline, out var phone);
        Assert.IsType<JoinOutcome.Joined>(await waitlist.JoinAsync(phone!, Language.Nl, null, null, Needs.None,
            new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 2), DayParts.Morning, FrontEnd.Phone));
        Assert.Equal(1, await waitlist.SweepAsync());
        _offer = await _factory.QueryAsync(db => db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Kind == MessageKind.WaitlistOffer));
        Assert.Equal(Domain.Contact.Channel.Voice, _offer.Channel);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    private string Path => $"webhooks/twilio/offer/{_offer.Id:N}";

    private Dictionary<string, string> Form(string? digits)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["CallSid"] = _callSid,
            ["From"] = FakeTwilio.From,
            ["To"] = Landline,
            ["CallStatus"] = "in-progress",
            ["Direction"] = "outbound-api",
        };
        if (digits is not null)
        {
            form["Digits"] = digits;
        }
        return form;
    }

    private async Task<HttpResponseMessage> PostAsync(string url, Dictionary<string, string> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + url[PublicBase.Length..]) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }
        return await _client.SendAsync(request);
    }

    /// <summary>Presses a key (null: silence) at the address the offer call's &lt;Gather&gt; (or the last answer) gave, signed as Twilio signs it.</summary>
    private async Task<XDocument> PressAsync(string? digits, int turn = 1)
    {
        var url = $"{PublicBase}{Path}?turn={turn}";
        var form = Form(digits);
        var response = await PostAsync(url, form, FakeTwilio.Sign(url, form, FakeTwilio.AuthToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string Said(XDocument xml) => string.Join(" ", xml.Descendants("Say").Select(s => s.Value));

    private static bool HungUp(XDocument xml) => xml.Root!.Element("Hangup") is not null && xml.Root.Element("Gather") is null;

    private string Text(string key, params object[] values) => _factory.Services.GetRequiredService<VoiceWords>().Say(Language.Nl, key, values).Text;

    private Task<WaitlistEntry> EntryAsync() => _factory.QueryAsync(db => db.WaitlistEntries.AsNoTracking().SingleAsync(e => e.PhoneE164 == Landline));

    private Task<Booking> HeldAsync() => _factory.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == _offer.BookingId));

    private Task<int> ClaimsAt1015Async() => _factory.QueryAsync(db => db.SeatClaims.CountAsync(c => c.SlotStart == Wednesday1015));

    /// <summary>Every row a key press could change, as text, to compare before and after.</summary>
    private Task<string> StateAsync() => _factory.QueryAsync(async db => string.Join("\n",
        (await db.Bookings.AsNoTracking().OrderBy(b => b.Id).ToListAsync()).Select(b => $"{b.Id} {b.Status} {b.Sequence} {b.UpdatedAt}")
        .Concat((await db.WaitlistEntries.AsNoTracking().ToListAsync()).Select(e => $"{e.Id} {e.Status} {e.Version}"))
        .Concat((await db.WaitlistOffers.AsNoTracking().ToListAsync()).Select(o => $"{o.Id} {o.Outcome} {o.ClosedAt}"))
        .Concat([$"messages {await db.OutboundMessages.CountAsync()}", $"claims {await db.SeatClaims.CountAsync()}", $"turns {await db.VoiceTurns.CountAsync()}"])));

    [Fact]
    public async Task The_offer_call_says_the_time_in_a_gather_that_posts_key_and_silence_to_the_signed_offer_address()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            Assert.Equal(DispatchResult.Sent, await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(_offer.Id));
        }

        var call = Assert.Single(_twilio.Calls);
        Assert.Equal(Landline, call.Form["To"]);
        var gather = XDocument.Parse(call.Form["Twiml"]).Root!.Element("Gather")!;
        Assert.Equal($"{PublicBase}{Path}?turn=1", gather.Attribute("action")!.Value);
        Assert.Equal("true", gather.Attribute("actionOnEmptyResult")!.Value);
        Assert.Contains("om 10:15", string.Join(" ", gather.Elements("Say").Select(s => s.Value)));
    }

    [Fact]
    public async Task Key_1_books_the_held_time_says_it_back_with_the_reference_and_the_citizen_leaves_the_line()
    {
        var answer = await PressAsync("1");

        var booking = await HeldAsync();
        Assert.Equal(BookingStatus.Booked, booking.Status);
        Assert.Equal(Wednesday1015, booking.SlotStart);
        Assert.Equal(WaitlistStatus.Booked, (await EntryAsync()).Status);
        Assert.Contains(Text("Ivr.Booked", _factory.Services.GetRequiredService<VoiceWords>().Slot(Language.Nl, Wednesday1015)), Said(answer));
        Assert.Contains(Text("Ivr.Reference", VoiceWords.Reference(booking.Reference, Language.Nl)), Said(answer));
        Assert.True(HungUp(answer));
        Assert.Equal(1, await ClaimsAt1015Async());
    }

    [Fact]
    public async Task Key_2_declines_gives_the_seat_back_and_keeps_the_citizen_in_line()
    {
        var answer = await PressAsync("2");

        Assert.Equal(Text("Voice.OfferDeclined"), Said(answer));
        Assert.True(HungUp(answer));
        Assert.Equal(BookingStatus.OfferLapsed, (await HeldAsync()).Status);
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync()).Status);
        Assert.Equal(0, await ClaimsAt1015Async());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bm90IHRoZSBzaWduYXR1cmU=")]
    public async Task A_key_without_a_valid_signature_is_refused_with_403_and_changes_nothing(string? signature)
    {
        var before = await StateAsync();
        var url = $"{PublicBase}{Path}?turn=1";

        var response = await PostAsync(url, Form("1"), signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await StateAsync());
        Assert.Equal(BookingStatus.Offered, (await HeldAsync()).Status);
    }

    [Fact]
    public async Task A_key_signed_for_another_offer_address_is_refused_and_changes_nothing()
    {
        var before = await StateAsync();
        var form = Form("1");
        var signature = FakeTwilio.Sign($"{PublicBase}webhooks/twilio/offer/{Guid.NewGuid():N}?turn=1", form, FakeTwilio.AuthToken);

        var response = await PostAsync($"{PublicBase}{Path}?turn=1", form, signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Twilio_retrying_key_1_books_once_and_hears_the_same_answer()
    {
        var first = await PressAsync("1");
        var messages = await _factory.QueryAsync(db => db.OutboundMessages.CountAsync());

        var retry = await PressAsync("1");

        Assert.Equal(first.ToString(), retry.ToString());
        Assert.Equal(1, await _factory.QueryAsync(db => db.Bookings.CountAsync(b => b.SlotStart == Wednesday1015 && b.Status == BookingStatus.Booked)));
        Assert.Equal(messages, await _factory.QueryAsync(db => db.OutboundMessages.CountAsync()));
    }

    [Fact]
    public async Task Key_1_after_the_hold_passed_hears_the_time_has_gone_and_that_they_stay_in_line_and_books_nothing()
    {
        _factory.Clock.Advance(WaitlistService.OfferHold);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WaitlistService>().SweepAsync();
        }

        var answer = await PressAsync("1");

        Assert.Equal(Text("Voice.OfferTooLate"), Said(answer));
        Assert.True(HungUp(answer));
        Assert.Equal(BookingStatus.OfferLapsed, (await HeldAsync()).Status);
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync()).Status);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync(b => b.SlotStart == Wednesday1015 && b.Status == BookingStatus.Booked)));
    }

    [Fact]
    public async Task A_wrong_key_hears_the_time_and_the_keys_once_more_then_silence_ends_the_call_with_a_goodbye_and_the_hold_stays()
    {
        var again = await PressAsync("7");

        var gather = again.Root!.Element("Gather")!;
        Assert.Equal($"{PublicBase}{Path}?turn=2", gather.Attribute("action")!.Value);
        Assert.Contains(Text("Voice.OfferAgain", _factory.Services.GetRequiredService<VoiceWords>().Slot(Language.Nl, Wednesday1015)), Said(again));

        var goodbye = await PressAsync(null, turn: 2);

        Assert.Equal(Text("Voice.OfferGoodbye"), Said(goodbye));
        Assert.True(HungUp(goodbye));
        Assert.Equal(BookingStatus.Offered, (await HeldAsync()).Status);
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync()).Status);
    }
}

public sealed class SqliteTwilioOfferWebhookTests() : TwilioOfferWebhookTests(DatabaseProvider.Sqlite);

public sealed class PostgresTwilioOfferWebhookTests() : TwilioOfferWebhookTests(DatabaseProvider.Postgres);
