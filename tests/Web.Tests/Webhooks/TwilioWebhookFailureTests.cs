using System.Net;
using System.Xml.Linq;
using Allo.Scheduler.Options;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// When the service itself fails (here: its tables are gone), each webhook still answers Twilio
/// itself — a text apologises, a call ends, a status callback gets 503 — and never with the
/// developer exception page or the people's error page.
/// </summary>
public abstract class TwilioWebhookFailureTests(string environment) : TwilioWebhookSetup(DatabaseProvider.Sqlite, environment)
{
    private async Task BreakDatabaseAsync()
    {
        await using var db = Factory.Database.NewContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF; DROP TABLE InboundTexts; DROP TABLE OutboundMessages;");
    }

    [Fact]
    public async Task A_text_gets_an_apology_by_text_when_the_database_fails()
    {
        await BreakDatabaseAsync();
        Assert.StartsWith("Er veranderde net iets. Probeer opnieuw. / ", await ReplyAsync(await SendAsync(Sms, Fields(Sms))));
    }

    [Fact]
    public async Task A_key_press_gets_an_empty_voice_response_that_ends_the_call_when_the_database_fails()
    {
        await BreakDatabaseAsync();
        var response = await SendAsync(Feedback, Fields(Feedback));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = XDocument.Parse(await BodyWithoutInternalsAsync(response));
        Assert.Equal("Response", xml.Root!.Name.LocalName);
        Assert.Empty(xml.Root.Elements());
    }

    [Fact]
    public async Task A_status_callback_gets_503_without_a_body_when_the_database_fails()
    {
        await BreakDatabaseAsync();
        var response = await SendAsync(Status, Fields(Status));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(await BodyWithoutInternalsAsync(response));
    }
}

public sealed class DevelopmentTwilioWebhookFailureTests() : TwilioWebhookFailureTests("Development");

public sealed class TestingTwilioWebhookFailureTests() : TwilioWebhookFailureTests("Testing");
