using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Allo.Domain.Calls;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// A service that each Twilio webhook could change: a sent text confirmation (a status callback could
/// fail it), a helped call's thank-you (a key press could rate it) and a text conversation waiting
/// for a number (a text "1" would book). Signed requests are built as Twilio builds them.
/// </summary>
public abstract class TwilioWebhookSetup(DatabaseProvider provider, string environment) : IAsyncLifetime
{
    public const string Sms = "sms";
    public const string Status = "status";
    public const string Feedback = "feedback";
    protected const string PublicBase = "https://allo.example/";
    protected const string Texter = "+32470500009";
    protected const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string TexterSid = "SM00000000000000000000000000000900";

    private FakeTwilio _twilio = null!;
    protected AlloFactory Factory { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;
    protected string ConfirmationSid { get; private set; } = "";
    protected Guid ThankYou { get; private set; }

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        var settings = _twilio.Settings(PublicBase);
        // Development shows the developer exception page for anything that escapes an endpoint.
        settings["environment"] = environment;
        Factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800), settings);
        Client = Factory.CreateClient();

        var booked = await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr" });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = await Factory.QueryAsync(db => db.Bookings.Select(b => b.Id).SingleAsync());
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var confirmation = Factory.Signal.Messages.Single(m => m.Kind == MessageKind.Confirmation && m.Channel == Domain.Contact.Channel.Sms);
            Assert.Equal(DispatchResult.Sent, await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(confirmation.Id));
            ConfirmationSid = _twilio.Messages.Single().Sid;
            await Factory.HelpedCallAsync(id, TestClock.Brussels(2026, 12, 2, 10, 2));
            ThankYou = Factory.Signal.Messages.Single(m => m.Kind == MessageKind.ThankYou).Id;
        }
        var offer = await SendAsync(Sms, Fields(Sms) with { Values = new(Fields(Sms).Values) { ["Body"] = "afspraak morgen", ["MessageSid"] = TexterSid, ["SmsSid"] = TexterSid } });
        Assert.StartsWith("Vrije momenten", await ReplyAsync(offer));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    /// <summary>The fields of one request and the path it goes to, as Twilio would send them.</summary>
    protected sealed record Request(string Path, Dictionary<string, string> Values);

    protected string PathOf(string endpoint) => endpoint == Feedback ? $"webhooks/twilio/feedback/{ThankYou:N}" : $"webhooks/twilio/{endpoint}";

    /// <summary>What Twilio sends to each webhook; each, validly signed, would change something.</summary>
    protected Request Fields(string endpoint) => new(PathOf(endpoint), endpoint switch
    {
        Sms => new()
        {
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["MessageSid"] = "SM0123456789abcdef0123456789abcdef",
            ["SmsSid"] = "SM0123456789abcdef0123456789abcdef",
            ["From"] = Texter,
            ["To"] = FakeTwilio.From,
            ["Body"] = "1",
            ["NumMedia"] = "0",
        },
        Status => new()
        {
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["MessageSid"] = ConfirmationSid,
            ["SmsSid"] = ConfirmationSid,
            ["MessageStatus"] = "undelivered",
            ["ErrorCode"] = "30003",
            ["To"] = "+32470123456",
        },
        _ => new()
        {
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["CallSid"] = CallSid,
            ["Digits"] = "4",
        },
    });

    protected static string Signature(Request request, Dictionary<string, string>? signed = null, string token = FakeTwilio.AuthToken) =>
        FakeTwilio.Sign(PublicBase + request.Path, signed ?? request.Values, token);

    /// <summary>Posts the fields url-encoded, signed for them unless told otherwise.</summary>
    protected Task<HttpResponseMessage> SendAsync(string endpoint, Request request, string? signature = "") =>
        SendAsync(request.Path, new FormUrlEncodedContent(request.Values), signature == "" ? Signature(request) : signature);

    protected async Task<HttpResponseMessage> SendAsync(string path, HttpContent content, string? signature)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/" + path) { Content = content };
        if (signature is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        }
        return await Client.SendAsync(message);
    }

    /// <summary>Every row a webhook could add or change, as text, to compare before and after.</summary>
    protected Task<string> StateAsync() => Factory.QueryAsync(async db =>
    {
        var rows = new List<string>();
        rows.AddRange((await db.InboundTexts.AsNoTracking().ToListAsync()).Select(t => $"InboundText {t.Sid} {t.From} {t.Body} {t.Reply}"));
        rows.AddRange((await db.TextConversations.AsNoTracking().ToListAsync()).Select(c => $"Conversation {c.Phone} {c.Step} {c.Offered} {c.Chosen} {c.Language} {c.UpdatedAt}"));
        rows.AddRange((await db.Bookings.AsNoTracking().ToListAsync()).Select(b => $"Booking {b.Id} {b.Status} {b.Sequence} {b.SlotStart} {b.Needs} {b.UpdatedAt}"));
        rows.AddRange((await db.OutboundMessages.AsNoTracking().ToListAsync()).Select(m => $"Message {m.Id} {m.Kind} {m.Channel} {m.Status} {m.Attempts} {m.ProviderId} {m.LastError} {m.StatusAt}"));
        rows.AddRange((await db.Feedback.AsNoTracking().ToListAsync()).Select(f => $"Feedback {f.Id} {f.Source} {f.Rating} {f.Words} {f.UpdatedAt}"));
        rows.AddRange((await db.ChannelOptOuts.AsNoTracking().ToListAsync()).Select(o => $"OptOut {o.Address} {o.Channel}"));
        rows.Add($"SeatClaims {await db.SeatClaims.CountAsync()}");
        rows.Add($"CallRecords {await db.CallRecords.CountAsync()}");
        rows.Sort(StringComparer.Ordinal);
        return string.Join("\n", rows);
    });

    /// <summary>The body says nothing of our code: no exception, no stack frame, no developer page.</summary>
    protected static async Task<string> BodyWithoutInternalsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(" at Allo.", body);
        Assert.DoesNotContain("<!DOCTYPE", body);
        return body;
    }

    /// <summary>The text of the TwiML &lt;Message&gt; of a 200 answer, or null for an empty response.</summary>
    protected static async Task<string?> ReplyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await BodyWithoutInternalsAsync(response));
        Assert.Equal("Response", xml.Root!.Name.LocalName);
        return xml.Root.Element("Message")?.Value;
    }

    /// <summary>
    /// The answer to a signed request that must be refused: a polite TwiML text for the SMS webhook,
    /// 400 for the others; never an error page.
    /// </summary>
    protected static async Task AssertPoliteRefusalAsync(string endpoint, HttpResponseMessage response)
    {
        if (endpoint == Sms)
        {
            Assert.False(string.IsNullOrEmpty(await ReplyAsync(response)));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            await BodyWithoutInternalsAsync(response);
        }
    }
}
