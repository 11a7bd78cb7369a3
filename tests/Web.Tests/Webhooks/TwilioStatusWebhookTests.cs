using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Webhooks;

public sealed class TwilioStatusWebhookTests : IAsyncLifetime
{
    private const string PublicBase = "https://allo.example/";
    private static readonly Uri Callback = new("http://localhost/webhooks/twilio/status");
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;
    private HttpClient _client = null!;

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

    private async Task<(Guid MessageId, string Sid)> SentConfirmationAsync()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 12 34 56", language = "nl" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var confirmation = _factory.Signal.Messages.Single(m => m.Kind == MessageKind.Confirmation);
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(DispatchResult.Sent, await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(confirmation.Id));
        return (confirmation.Id, _twilio.Messages.Single().Sid);
    }

    private Task<DeliveryStatus> StatusAsync(Guid id) => _factory.QueryAsync(db => db.OutboundMessages.Where(m => m.Id == id).Select(m => m.Status).SingleAsync());

    [Fact]
    public async Task A_signed_callback_for_the_public_url_records_the_delivery()
    {
        var (id, sid) = await SentConfirmationAsync();
        var response = await _twilio.SendStatusAsync(_client, Callback, sid, "delivered", signedUrl: PublicBase + "webhooks/twilio/status");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(DeliveryStatus.Delivered, await StatusAsync(id));
    }

    [Theory]
    [InlineData("wrong-token", PublicBase + "webhooks/twilio/status")]
    [InlineData(FakeTwilio.AuthToken, "https://elsewhere.example/webhooks/twilio/status")]
    [InlineData(FakeTwilio.AuthToken, "http://localhost/webhooks/twilio/status")]
    public async Task A_callback_with_a_wrong_signature_or_url_is_403_and_changes_nothing(string token, string signedUrl)
    {
        var (id, sid) = await SentConfirmationAsync();
        var response = await _twilio.SendStatusAsync(_client, Callback, sid, "undelivered", signedUrl, token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DeliveryStatus.Sent, await StatusAsync(id));
    }

    [Fact]
    public async Task A_callback_without_signature_or_replayed_with_an_altered_body_is_403()
    {
        var (id, sid) = await SentConfirmationAsync();
        var unsigned = await _client.PostAsync(Callback, new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "failed" }));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);

        var original = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "delivered", ["AccountSid"] = FakeTwilio.AccountSid };
        var altered = new Dictionary<string, string>(original) { ["MessageStatus"] = "failed" };
        var replay = new HttpRequestMessage(HttpMethod.Post, Callback) { Content = new FormUrlEncodedContent(altered) };
        replay.Headers.Add("X-Twilio-Signature", FakeTwilio.Sign(PublicBase + "webhooks/twilio/status", original, FakeTwilio.AuthToken));
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(replay)).StatusCode);
        Assert.Equal(DeliveryStatus.Sent, await StatusAsync(id));
    }
}

public sealed class DevOutboxTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
    }

    [Fact]
    public async Task Without_providers_messages_land_in_the_dev_outbox_page_and_json()
    {
        var client = _factory.CreateClient();
        var booked = await (await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 12 34 56", language = "de" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var reference = booked.GetProperty("reference").GetString()!;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var confirmation = _factory.Signal.Messages.Single(m => m.Kind == MessageKind.Confirmation);
            Assert.Equal(DispatchResult.Sent, await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(confirmation.Id));
        }
        var json = await client.GetFromJsonAsync<JsonElement[]>("/dev/outbox.json");
        var sent = json!.Single(m => m.GetProperty("kind").GetString() == "Confirmation");
        Assert.Equal("Delivered", sent.GetProperty("status").GetString());
        Assert.Contains($"{reference[..3]}-{reference[3..]}", sent.GetProperty("body").GetString());
        var page = await client.GetStringAsync("/dev/outbox");
        Assert.Contains(reference, page);
        Assert.Contains("ReminderDayBefore", page);
    }

    [Theory]
    [InlineData("/dev/outbox")]
    [InlineData("/dev/phone?number=%2B32470123456")]
    public async Task Developer_pages_mark_their_english_content_as_english_and_a_french_message_as_french_inside_a_dutch_page(string path)
    {
        var client = _factory.CreateClient();
        await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 12 34 56", language = "fr" });
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var confirmation = _factory.Signal.Messages.Single(m => m.Kind == MessageKind.Confirmation);
            Assert.Equal(DispatchResult.Sent, await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(confirmation.Id));
        }
        var page = await client.GetStringAsync(path + (path.Contains('?') ? "&" : "?") + "lang=nl");
        Assert.Contains("<html lang=\"nl\"", page);
        Assert.Contains("<main class=\"govuk-main-wrapper\" id=\"main-content\" lang=\"en\">", page);
        if (path == "/dev/outbox")
        {
            Assert.Contains("<td class=\"govuk-table__cell\" lang=\"fr\">", page);
        }
    }

    [Fact]
    public async Task The_jobs_dashboard_is_not_open_to_anonymous_visitors()
    {
        var response = await _factory.CreateClient().GetAsync("/hangfire");
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
    }
}
