using System.Net;
using System.Xml.Linq;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Webhooks;

/// <summary>Text messages from citizens through POST /webhooks/twilio/sms, exactly as Twilio sends them.</summary>
public sealed class TwilioSmsWebhookTests : IAsyncLifetime
{
    private const string PublicBase = "https://allo.example/";
    private const string Path = "webhooks/twilio/sms";
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;
    private HttpClient _client = null!;
    private int _sid;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), _twilio.Settings(PublicBase));
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    private Dictionary<string, string> Form(string from, string body, string? sid = null) => new()
    {
        ["MessageSid"] = sid ?? $"SM{Interlocked.Increment(ref _sid):D32}",
        ["SmsSid"] = sid ?? $"SM{_sid:D32}",
        ["AccountSid"] = FakeTwilio.AccountSid,
        ["From"] = from,
        ["To"] = FakeTwilio.From,
        ["Body"] = body,
        ["NumMedia"] = "0",
    };

    private async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> form, string? signedUrl = null, string? token = null, Dictionary<string, string>? signedForm = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + Path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", FakeTwilio.Sign(signedUrl ?? PublicBase + Path, signedForm ?? form, token ?? FakeTwilio.AuthToken));
        return await _client.SendAsync(request);
    }

    /// <summary>The text of the TwiML &lt;Message&gt;, or null for an empty response.</summary>
    private static async Task<string?> ReplyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Response", xml.Root!.Name.LocalName);
        return xml.Root.Element("Message")?.Value;
    }

    [Fact]
    public async Task A_signed_text_books_a_call_and_a_second_answers_the_needs_question()
    {
        Assert.StartsWith("Moments libres", await ReplyAsync(await PostAsync(Form("+32470500001", "RDV demain"))));
        var booked = await ReplyAsync(await PostAsync(Form("+32470500001", "1")));
        Assert.StartsWith("Réservé", booked);
        Assert.StartsWith("C'est noté", await ReplyAsync(await PostAsync(Form("+32470500001", "T"))));
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal((Domain.Bookings.FrontEnd.Sms, true), (booking.FrontEnd, booking.Needs.MoreTime));
        Assert.Contains(booking.Reference, booked);
    }

    [Theory]
    [InlineData("wrong-token", PublicBase + Path)]
    [InlineData(FakeTwilio.AuthToken, "https://elsewhere.example/" + Path)]
    [InlineData(FakeTwilio.AuthToken, "http://localhost/" + Path)]
    public async Task A_text_with_a_wrong_signature_or_url_is_403_and_changes_nothing(string token, string signedUrl)
    {
        var response = await PostAsync(Form("+32470500002", "AFSPRAAK"), signedUrl, token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _factory.QueryAsync(db => db.InboundTexts.CountAsync()));
    }

    [Fact]
    public async Task An_unsigned_text_or_a_replay_with_an_altered_body_is_403_and_changes_nothing()
    {
        var unsigned = await _client.PostAsync("/" + Path, new FormUrlEncodedContent(Form("+32470500003", "AFSPRAAK")));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);

        var original = Form("+32470500003", "AFSPRAAK");
        var altered = new Dictionary<string, string>(original) { ["Body"] = "ANNULEER" };
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(altered, signedForm: original)).StatusCode);
        Assert.Equal(0, await _factory.QueryAsync(db => db.InboundTexts.CountAsync()));
    }

    [Fact]
    public async Task Twilio_retrying_the_same_message_gets_the_same_reply_and_books_once()
    {
        await PostAsync(Form("+32470500004", "afspraak"));
        var final = Form("+32470500004", "1", sid: "SM" + new string('7', 32));
        var first = await ReplyAsync(await PostAsync(final));
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => await ReplyAsync(await PostAsync(final))));
        Assert.All(retries, r => Assert.Equal(first, r));
        Assert.Equal(1, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_number_that_floods_the_service_is_told_once_then_ignored_while_others_are_answered()
    {
        var replies = new List<string?>();
        for (var i = 0; i < 12; i++)
        {
            replies.Add(await ReplyAsync(await PostAsync(Form("+32470500005", "hallo " + i))));
        }
        Assert.All(replies.Take(8), r => Assert.Contains("AFSPRAAK", r));
        Assert.Contains("Te veel berichten", replies[8]);
        Assert.All(replies.Skip(9), Assert.Null);
        Assert.StartsWith("Vrije momenten", await ReplyAsync(await PostAsync(Form("+32470500006", "afspraak"))));
    }

    [Fact]
    public async Task A_very_long_text_is_capped_and_still_answered()
    {
        var reply = await ReplyAsync(await PostAsync(Form("+32470500007", "afspraak " + new string('x', 5000))));
        Assert.StartsWith("Vrije momenten", reply);
        var stored = await _factory.QueryAsync(db => db.InboundTexts.SingleAsync());
        Assert.Equal(Domain.Texting.TextCommand.MaxLength, stored.Body!.Length);
    }

    [Fact]
    public async Task A_signed_WAIT_text_joins_the_waitlist_and_a_signed_YES_takes_the_seat_it_was_offered()
    {
        var joined = await ReplyAsync(await PostAsync(Form("+32470123456", "WAIT wednesday morning")));
        Assert.StartsWith("You are on the waitlist", joined, StringComparison.Ordinal);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Scheduler.Waitlist.WaitlistService>().SweepAsync());
        }
        Assert.Single(_factory.Signal.Messages, m => m.Kind == MessageKind.WaitlistOffer && m.To == "+32470123456");

        var booked = await ReplyAsync(await PostAsync(Form("+32470123456", "yes")));

        Assert.StartsWith("Booked: Wed 2 Dec 09:00", booked, StringComparison.Ordinal);
        Assert.Equal(Domain.Bookings.BookingStatus.Booked,
            await _factory.QueryAsync(db => db.Bookings.Where(b => b.PhoneE164 == "+32470123456").Select(b => b.Status).SingleAsync()));
    }
}

public sealed class PhoneSimulatorTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    [Fact]
    public async Task A_person_holds_a_whole_booking_conversation_in_the_browser()
    {
        var phone = FormClient.For(_factory);
        await phone.GetAsync("/dev/phone?number=0470 60 00 01");
        Assert.Contains("+32470600001", phone.Text);
        await phone.SubmitAsync("send-text", ("body", "Termin"));
        Assert.Contains("Freie Zeiten", phone.Text);
        await phone.SubmitAsync("send-text", ("body", "2"));
        await phone.SubmitAsync("send-text", ("body", "0"));
        Assert.Contains("Gebucht:", phone.Text);
        Assert.Equal(1, await _factory.QueryAsync(db => db.Bookings.CountAsync(b => b.PhoneE164 == "+32470600001")));

        await phone.SubmitAsync("send-text", ("body", ""));
        Assert.Contains("href=\"#body\"", phone.Html);
    }
}
