using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Web.Tests.Webhooks;

/// <summary>
/// Requests that are not Twilio's, or not a form Twilio sends, on each of the three webhooks: each
/// gets 4xx (or, for a signed text, a polite TwiML reply), no row is added or changed, and no body
/// ever shows our internals — in Development as in the other environments.
/// </summary>
public abstract class TwilioFormRefusalTests(DatabaseProvider provider, string environment) : TwilioWebhookSetup(provider, environment)
{
    [Theory]
    [InlineData(Sms)]
    [InlineData(Status)]
    [InlineData(Feedback)]
    public async Task The_same_request_validly_signed_changes_what_the_refusal_tests_watch(string endpoint)
    {
        var before = await StateAsync();
        var response = await SendAsync(endpoint, Fields(endpoint));
        Assert.True(response.IsSuccessStatusCode);
        Assert.NotEqual(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms)]
    [InlineData(Status)]
    [InlineData(Feedback)]
    public async Task Unsigned_or_wrongly_signed_requests_are_403_and_change_nothing(string endpoint)
    {
        var request = Fields(endpoint);
        var withNul = request with { Values = new(request.Values) { ["To"] = "+32\0" } };
        var twice = new HttpRequestMessage(HttpMethod.Post, "/" + request.Path) { Content = new FormUrlEncodedContent(request.Values) };
        twice.Headers.Add("X-Twilio-Signature", [Signature(request), Signature(request)]);
        var before = await StateAsync();

        var responses = new[]
        {
            ("no signature", await SendAsync(endpoint, request, signature: null)),
            ("an empty signature", await SendAsync(endpoint, request, signature: " ")),
            ("another token", await SendAsync(endpoint, request, Signature(request, token: "another-token"))),
            ("another address", await SendAsync(request.Path, new FormUrlEncodedContent(request.Values), FakeTwilio.Sign("http://localhost/" + request.Path, request.Values, FakeTwilio.AuthToken))),
            ("a NUL, unsigned", await SendAsync(endpoint, withNul, signature: null)),
            ("two signatures", await Client.SendAsync(twice)),
        };
        foreach (var (what, response) in responses)
        {
            Assert.Equal((what, HttpStatusCode.Forbidden), (what, response.StatusCode));
            await BodyWithoutInternalsAsync(response);
        }
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms)]
    [InlineData(Status)]
    [InlineData(Feedback)]
    public async Task Requests_over_the_limits_are_refused_even_with_a_valid_signature_and_change_nothing(string endpoint)
    {
        Request With(Action<Dictionary<string, string>> change)
        {
            var request = Fields(endpoint);
            change(request.Values);
            return request;
        }
        var cases = new (string What, Request Request, HttpStatusCode Status)[]
        {
            ("1,100 fields", With(v => { for (var i = 0; i < 1_100; i++) { v[$"Extra{i}"] = "x"; } }), HttpStatusCode.BadRequest),
            ("101 fields", With(v => { for (var i = v.Count; i < 101; i++) { v[$"Extra{i}"] = "x"; } }), HttpStatusCode.BadRequest),
            ("a key of 3,000 characters", With(v => v[new string('K', 3_000)] = "x"), HttpStatusCode.BadRequest),
            ("a key of 65 characters", With(v => v[new string('K', 65)] = "x"), HttpStatusCode.BadRequest),
            ("a value of 5 MB", With(v => v["To"] = new string('1', 5_000_000)), HttpStatusCode.RequestEntityTooLarge),
            ("a body just over 64 KB", With(v => v["To"] = new string('1', 64 * 1024)), HttpStatusCode.RequestEntityTooLarge),
        };
        var before = await StateAsync();
        foreach (var (what, request, status) in cases)
        {
            var response = await SendAsync(endpoint, request);
            Assert.Equal((what, status), (what, response.StatusCode));
            await BodyWithoutInternalsAsync(response);
        }

        // A body of no stated length is refused too (how little of it is read: TwilioFormTests).
        var chunked = new StreamContent(new UnseekableStream(Encoding.ASCII.GetBytes(string.Join("&", Fields(endpoint).Values.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")) + "&To=" + new string('1', 5_000_000))));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var unknownLength = await SendAsync(PathOf(endpoint), chunked, Signature(Fields(endpoint)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, unknownLength.StatusCode);
        await BodyWithoutInternalsAsync(unknownLength);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms)]
    [InlineData(Status)]
    [InlineData(Feedback)]
    public async Task Bodies_that_are_not_a_url_encoded_form_are_400_or_415_even_signed_and_change_nothing(string endpoint)
    {
        var request = Fields(endpoint);
        var signature = Signature(request);
        var form = string.Join("&", request.Values.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        HttpContent Raw(string body, string type = "application/x-www-form-urlencoded") => new ByteArrayContent(Encoding.ASCII.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(type) } };
        var cases = new (string What, HttpContent Content, HttpStatusCode Status)[]
        {
            ("a broken percent escape", Raw(form + "&Note=%ZZ"), HttpStatusCode.BadRequest),
            ("a percent sign at the end", Raw(form + "&Note=%"), HttpStatusCode.BadRequest),
            ("bytes that are not UTF-8", Raw(form + "&Note=%FF%FE"), HttpStatusCode.BadRequest),
            ("half a surrogate pair", Raw(form + "&Note=%ED%A0%80"), HttpStatusCode.BadRequest),
            ("an empty key", Raw(form + "&=x"), HttpStatusCode.BadRequest),
            ("a key given twice", Raw(form + "&AccountSid=" + FakeTwilio.AccountSid), HttpStatusCode.BadRequest),
            ("another charset", Raw(form, "application/x-www-form-urlencoded; charset=iso-8859-1"), HttpStatusCode.UnsupportedMediaType),
            ("JSON", Raw("{\"Digits\":\"4\"}", "application/json"), HttpStatusCode.UnsupportedMediaType),
            ("multipart", new MultipartFormDataContent { { new StringContent("4"), "Digits" } }, HttpStatusCode.UnsupportedMediaType),
            ("no content type", new ByteArrayContent(Encoding.ASCII.GetBytes(form)), HttpStatusCode.UnsupportedMediaType),
        };
        var before = await StateAsync();
        foreach (var (what, content, status) in cases)
        {
            var response = await SendAsync(request.Path, content, signature);
            Assert.Equal((what, status), (what, response.StatusCode));
            await BodyWithoutInternalsAsync(response);
        }
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms, "Body")]
    [InlineData(Sms, "From")]
    [InlineData(Status, "MessageStatus")]
    [InlineData(Feedback, "Digits")]
    public async Task A_signed_form_with_a_character_nobody_types_gets_a_polite_answer_and_changes_nothing(string endpoint, string field)
    {
        var before = await StateAsync();
        foreach (var odd in new[] { "\0", "\uFFFE", "\uFFFF", "\uFDD0", "\u001B", "\u0085", "\U0010FFFF" })
        {
            var request = Fields(endpoint);
            request.Values[field] += odd;
            await AssertPoliteRefusalAsync(endpoint, await SendAsync(endpoint, request));
        }
        var oddKey = Fields(endpoint);
        oddKey.Values["Not\0e"] = "x";
        await AssertPoliteRefusalAsync(endpoint, await SendAsync(endpoint, oddKey));
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms, "MessageSid")]
    [InlineData(Sms, "SmsSid")]
    [InlineData(Status, "MessageSid")]
    [InlineData(Feedback, "CallSid")]
    public async Task A_signed_form_whose_sid_is_not_in_twilios_format_gets_a_polite_answer_and_changes_nothing(string endpoint, string field)
    {
        var before = await StateAsync();
        var sid = Fields(endpoint).Values[field];
        foreach (var wrong in new[] { sid + new string('0', 40), sid + "NumMedia0", sid[..^1], "XX" + sid[2..], sid + "\n", "" })
        {
            var request = Fields(endpoint);
            request.Values[field] = wrong;
            await AssertPoliteRefusalAsync(endpoint, await SendAsync(endpoint, request));
        }
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms, "MessageSid")]
    [InlineData(Sms, "From")]
    [InlineData(Feedback, "CallSid")]
    public async Task A_signed_form_without_a_field_the_webhook_needs_gets_a_polite_answer_and_changes_nothing(string endpoint, string field)
    {
        var before = await StateAsync();
        var missing = Fields(endpoint);
        missing.Values.Remove(field);
        await AssertPoliteRefusalAsync(endpoint, await SendAsync(endpoint, missing));
        var empty = Fields(endpoint);
        empty.Values[field] = "";
        await AssertPoliteRefusalAsync(endpoint, await SendAsync(endpoint, empty));
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData(Sms)]
    [InlineData(Status)]
    [InlineData(Feedback)]
    public async Task A_signed_form_for_another_account_or_for_none_is_403_and_changes_nothing(string endpoint)
    {
        var before = await StateAsync();
        var other = Fields(endpoint);
        other.Values["AccountSid"] = "AC" + new string('f', 32);
        var none = Fields(endpoint);
        none.Values.Remove("AccountSid");
        var shifted = Fields(endpoint);
        shifted.Values["AccountSid"] += "x";
        foreach (var request in new[] { other, none, shifted })
        {
            var response = await SendAsync(endpoint, request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            await BodyWithoutInternalsAsync(response);
        }
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_status_callback_whose_error_code_is_not_a_number_is_400_and_changes_nothing()
    {
        var before = await StateAsync();
        var request = Fields(Status);
        request.Values["ErrorCode"] = "30003" + new string('x', 600);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(Status, request)).StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent without Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class DevelopmentSqliteTwilioFormRefusalTests() : TwilioFormRefusalTests(DatabaseProvider.Sqlite, "Development");

public sealed class PostgresTwilioFormRefusalTests() : TwilioFormRefusalTests(DatabaseProvider.Postgres, "Testing");
