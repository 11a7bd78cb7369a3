using System.Net;
using System.Net.Http.Json;
using Allo.Domain;
using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Feedback;

/// <summary>After a call that helped: the web page behind the email link, and the key pressed after the spoken thank-you.</summary>
public sealed class FeedbackTests : IAsyncLifetime
{
    private const string PublicBase = "https://allo.example/";
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), _twilio.Settings(PublicBase));
        _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    /// <summary>A call booked, taken by an agent and recorded as helped; returns the booking and its thank-you.</summary>
    private async Task<(Guid Booking, OutboundMessage ThankYou)> HelpedCallAsync(string language = "fr", object? needs = null)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings",
            new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 12 34 56", language, email = "lea@example.be", needs = needs ?? new { } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = await _factory.QueryAsync(db => db.Bookings.Select(b => b.Id).SingleAsync());
        await _factory.HelpedCallAsync(id, TestClock.Brussels(2026, 12, 2, 10, 2));
        return (id, _factory.Signal.Messages.Single(m => m.Kind == MessageKind.ThankYou));
    }

    private string LinkFor(Guid booking, Language language)
    {
        var links = _factory.Services.GetRequiredService<FeedbackLinks>();
        return links.For(booking, language).PathAndQuery;
    }

    [Fact]
    public async Task The_email_link_opens_one_question_in_the_citizens_language_and_stores_the_answer_once()
    {
        var (booking, _) = await HelpedCallAsync();
        var citizen = FormClient.For(_factory, "nl-BE");
        await citizen.GetAsync(LinkFor(booking, Language.Fr));
        Assert.Equal(HttpStatusCode.OK, citizen.Status);
        Assert.Contains("lang=\"fr\"", citizen.Html);

        await citizen.SubmitAsync(("words", "Très gentil"));
        Assert.Contains("govuk-error-summary", citizen.Html);
        Assert.Contains("href=\"#rating\"", citizen.Html);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Feedback.CountAsync()));

        await citizen.SubmitAsync(("rating", "5"), ("words", "Très gentil"));
        Assert.Equal("/feedback/thanks", citizen.Location!.AbsolutePath);
        var stored = await _factory.QueryAsync(db => db.Feedback.SingleAsync());
        Assert.Equal((5, "Très gentil", FeedbackSource.Web, Language.Fr), (stored.Rating, stored.Words, stored.Source, stored.Language));
        Assert.Equal("agent-1", stored.AgentId);
    }

    [Fact]
    public async Task An_altered_link_is_not_found()
    {
        var (booking, _) = await HelpedCallAsync();
        var link = LinkFor(booking, Language.Fr).ToCharArray();
        var at = "/feedback/".Length + 20;
        link[at] = link[at] == 'A' ? 'B' : 'A';
        var response = await _factory.CreateClient().GetAsync(new string(link));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_email_thank_you_carries_a_working_feedback_link()
    {
        var (booking, _) = await HelpedCallAsync("nl");
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Scheduler.Persistence.AlloDbContext>();
        var booked = await db.Bookings.SingleAsync(b => b.Id == booking);
        var email = new OutboundMessage { Id = Guid.NewGuid(), BookingId = booking, Kind = MessageKind.ThankYou, Channel = Domain.Contact.Channel.Email, Language = Language.Nl, To = "lea@example.be" };
        var rendered = scope.ServiceProvider.GetRequiredService<MessageTexts>().Render(email, booked);
        var link = System.Text.RegularExpressions.Regex.Match(rendered.Text, @"https://allo\.example/feedback/\S+").Value;
        Assert.NotEmpty(link);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync(new Uri(link).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task A_key_pressed_after_the_spoken_thank_you_is_stored_as_a_rating_and_a_wrong_key_is_asked_once_more()
    {
        var (booking, thankYou) = await HelpedCallAsync("de");
        var client = _factory.CreateClient();
        var path = $"webhooks/twilio/feedback/{thankYou.Id:N}";

        var wrong = await PostSignedAsync(client, path, new() { ["Digits"] = "9", ["CallSid"] = CallSid, ["AccountSid"] = FakeTwilio.AccountSid });
        var again = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("<Gather", again);
        Assert.Contains("?again=1", again);
        Assert.Contains("Bitte drücken Sie", again);

        var right = await PostSignedAsync(client, path, new() { ["Digits"] = "4", ["CallSid"] = CallSid, ["AccountSid"] = FakeTwilio.AccountSid });
        Assert.Contains("Danke für Ihre Antwort", await right.Content.ReadAsStringAsync());
        await PostSignedAsync(client, path, new() { ["Digits"] = "4", ["CallSid"] = CallSid, ["AccountSid"] = FakeTwilio.AccountSid });
        var stored = await _factory.QueryAsync(db => db.Feedback.SingleAsync());
        Assert.Equal((4, FeedbackSource.Voice, booking), (stored.Rating, stored.Source, stored.BookingId));
    }

    [Fact]
    public async Task An_unsigned_key_press_is_refused_and_stores_nothing()
    {
        var (_, thankYou) = await HelpedCallAsync();
        var response = await _factory.CreateClient().PostAsync($"/webhooks/twilio/feedback/{thankYou.Id:N}",
            new FormUrlEncodedContent([new("Digits", "1")]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Feedback.CountAsync()));
    }

    private const string CallSid = "CA0123456789abcdef0123456789abcdef";

    private static async Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string path, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", FakeTwilio.Sign(PublicBase + path, form, FakeTwilio.AuthToken));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}
