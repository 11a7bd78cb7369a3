using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Web.Tests.Infrastructure;

/// <summary>Responses that carry a manage token, or were asked for with one, are Cache-Control: no-store.</summary>
public sealed class NoStoreTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
    }

    private static bool NoStore(HttpResponseMessage response) => response.Headers.CacheControl?.NoStore == true;

    private static string Link(FormClient page, string id) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, $"id=\"{id}\" href=\"([^\"]+)\"").Groups[1].Value);

    [Fact]
    public async Task The_api_booking_answers_are_no_store_from_the_201_with_the_token_on()
    {
        var client = _factory.CreateClient();
        var created = await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(NoStore(created));
        var booked = await created.Content.ReadFromJsonAsync<JsonElement>();
        var path = $"/api/v1/bookings/{booked.GetProperty("reference").GetString()}";
        var token = Uri.EscapeDataString(booked.GetProperty("manageToken").GetString()!);
        Assert.True(NoStore(await client.GetAsync($"{path}?token={token}")));
        Assert.True(NoStore(await client.GetAsync($"{path}/calendar.ics?token={token}")));
    }

    [Fact]
    public async Task The_confirmation_and_every_page_behind_the_private_link_are_no_store_and_the_accessibility_statement_is_not()
    {
        var citizen = FormClient.For(_factory, "fr-BE");
        Assert.False(NoStore(await citizen.Http.GetAsync("/accessibility")));
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", "0470 12 34 56"));
        await citizen.SubmitAsync(("name", ""), ("email", ""));
        await citizen.SubmitAsync();
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        Assert.True(NoStore(await citizen.Http.GetAsync(citizen.Location)));

        await citizen.GetAsync(Link(citizen, "manage-link"));
        var pages = new[] { "move-link", "cancel-link", "calendar-link" }.Select(id => Link(citizen, id)).Append(citizen.Location!.ToString()).ToList();
        // The move's second page, the times of a day, carries the token too.
        pages.Add(pages[0].Replace("/manage/move?", "/manage/move/time?day=2026-12-03&", StringComparison.Ordinal));
        Assert.Equal(5, pages.Count(p => p.Contains("token=", StringComparison.Ordinal)));
        foreach (var page in pages)
        {
            var response = await citizen.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(NoStore(response), page);
        }
    }

    [Fact]
    public async Task The_agents_private_calendar_feed_is_no_store()
    {
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent/day");
        await agent.SubmitAsync("new-feed");
        var feed = new Uri(Regex.Match(agent.Html, "id=\"feed-url\">([^<]+)<").Groups[1].Value);
        var response = await _factory.CreateClient().GetAsync(feed.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(NoStore(response));
    }
}
