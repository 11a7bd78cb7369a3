using System.Collections.Specialized;
using System.Net;
using System.Text;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Twilio.Security;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// Twilio signs the URL and each key and value without separators, so a signature captured from one
/// real request also fits other splits of the same characters. Each re-split below is first shown to
/// pass the Twilio SDK's own <see cref="RequestValidator"/>; the service must still not act on it.
/// </summary>
public abstract class TwilioReplayTests(DatabaseProvider provider, string environment) : TwilioWebhookSetup(provider, environment)
{
    private static string Encoded(IEnumerable<(string Key, string Value)> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private static HttpContent Form(string encoded) => new StringContent(encoded, Encoding.UTF8, "application/x-www-form-urlencoded");

    [Fact]
    public async Task A_text_replayed_with_NumMedia_shifted_into_its_MessageSid_passes_the_sdk_but_is_not_handled_as_a_new_text()
    {
        var original = Fields(Sms);
        var signature = Signature(original);
        Assert.StartsWith("Geboekt", await ReplyAsync(await SendAsync(Sms, original, signature)));
        var handled = await StateAsync();

        var shifted = new Dictionary<string, string>(original.Values);
        shifted["MessageSid"] += "NumMedia" + shifted["NumMedia"];
        shifted.Remove("NumMedia");
        Assert.True(new RequestValidator(FakeTwilio.AuthToken).Validate(PublicBase + original.Path, shifted, signature));

        var replay = await SendAsync(original.Path, new FormUrlEncodedContent(shifted), signature);
        Assert.StartsWith("Sorry, dat begrepen we niet", await ReplyAsync(replay));
        Assert.Equal(handled, await StateAsync());
    }

    [Fact]
    public async Task A_text_signed_as_Body_1_2_and_sent_as_two_Body_fields_passes_the_sdk_but_is_400_and_changes_nothing()
    {
        var original = Fields(Sms);
        original.Values["Body"] = "1,2";
        var signature = Signature(original);
        var split = new NameValueCollection();
        var fields = original.Values.Where(f => f.Key != "Body").Select(f => (f.Key, f.Value)).Concat([("Body", "1"), ("Body", "2")]).ToList();
        foreach (var (key, value) in fields)
        {
            split.Add(key, value);
        }
        Assert.True(new RequestValidator(FakeTwilio.AuthToken).Validate(PublicBase + original.Path, split, signature));
        var before = await StateAsync();

        var replay = await SendAsync(original.Path, Form(Encoded(fields)), signature);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        await BodyWithoutInternalsAsync(replay);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_signed_text_whose_MessageSid_is_over_64_characters_gets_a_polite_reply_and_stores_nothing()
    {
        var request = Fields(Sms);
        request.Values["MessageSid"] = request.Values["SmsSid"] = "SM" + new string('a', 70);
        var before = await StateAsync();
        Assert.False(string.IsNullOrEmpty(await ReplyAsync(await SendAsync(Sms, request))));
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData("+32470500077", "RDV demain\uFFFF", "Désolé, nous n'avons pas compris")]
    [InlineData("+32470123456", "\u0000", "Désolé, nous n'avons pas compris")]
    [InlineData("+32470500077", "\uFFFF", "Belastinghulp: stuur AFSPRAAK voor een gesprek. / Aide fiscale")]
    public async Task A_signed_text_that_is_not_acted_on_is_answered_in_the_language_its_words_or_its_number_tell_else_in_dutch_and_french(string from, string body, string reply)
    {
        var request = Fields(Sms);
        (request.Values["From"], request.Values["Body"]) = (from, body);
        var before = await StateAsync();
        Assert.StartsWith(reply, await ReplyAsync(await SendAsync(Sms, request)));
        Assert.Equal(before, await StateAsync());
    }
}

public sealed class DevelopmentSqliteTwilioReplayTests() : TwilioReplayTests(DatabaseProvider.Sqlite, "Development");

public sealed class PostgresTwilioReplayTests() : TwilioReplayTests(DatabaseProvider.Postgres, "Testing");
