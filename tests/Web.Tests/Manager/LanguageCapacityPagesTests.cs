using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Domain;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Web.Tests.Manager;

/// <summary>The capacity page's grid per language, and what it changes for citizens and on the dashboard (docs/decisions/0016).</summary>
public sealed class LanguageCapacityPagesTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private Task<int> GermanSpeakersAsync(int hour) => _factory.QueryAsync(db => db.CapacityLanguages
        .Where(c => c.Day == IsoDayOfWeek.Wednesday && c.Hour == hour && c.Language == Language.De).Select(c => c.Agents).SingleAsync());

    private async Task<int?> SeatsLeftAsync(string language, string start)
    {
        var slots = await _factory.CreateClient().GetFromJsonAsync<JsonElement[]>($"/api/v1/slots?from=2026-12-02&days=1&language={language}");
        return slots!.Where(s => s.GetProperty("start").GetString() == start).Select(s => (int?)s.GetProperty("seatsLeft").GetInt32()).SingleOrDefault();
    }

    [Fact]
    public async Task A_manager_gives_German_one_agent_more_than_the_hours_agents_is_refused_with_a_linked_error_and_nothing_saved()
    {
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/capacity?grid=de");
        Assert.Contains("data-grid=\"de\"", manager.Html);
        Assert.Contains("aria-current=page", manager.Html);

        await manager.SubmitAsync("save-week", ("agents-Wednesday-9", "0"), ("agents-Wednesday-10", "5"));
        Assert.Contains("href=\"#agents-Wednesday-10\"", manager.Html);
        Assert.Contains("0 to 4", manager.Text);
        Assert.Equal((4, 4), (await GermanSpeakersAsync(9), await GermanSpeakersAsync(10)));

        await manager.SubmitAsync("save-week", ("agents-Wednesday-10", "1"));
        Assert.Contains("id=\"capacity-notice\"", manager.Html);
        Assert.Contains("data-grid=\"de\"", manager.Html);
        Assert.Equal(1, await GermanSpeakersAsync(10));
        Assert.Equal(4, await _factory.QueryAsync(db => db.Capacity.Where(c => c.Day == IsoDayOfWeek.Wednesday && c.Hour == 10).Select(c => c.Agents).SingleAsync()));
    }

    [Fact]
    public async Task With_one_German_speaker_the_api_offers_one_German_seat_refuses_a_second_German_booking_with_other_times_and_the_dashboard_shows_both()
    {
        await _factory.Database.SetAgentsAsync(TestClock.Wednesday1000, 4, _factory.Clock, new Dictionary<Language, int> { [Language.De] = 1 });
        const string ten = "2026-12-02T10:00:00+01:00";
        Assert.Equal((1, 4), (await SeatsLeftAsync("de", ten), await SeatsLeftAsync("nl", ten)));

        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = ten, phone = "0470 91 00 01", language = "de" })).StatusCode);
        Assert.Null(await SeatsLeftAsync("de", ten));
        Assert.Equal(3, await SeatsLeftAsync("nl", ten));
        var refused = await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = ten, phone = "0470 91 00 02", language = "de" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var alternatives = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alternatives").EnumerateArray().Select(a => a.GetProperty("start").GetString()).ToList();
        Assert.NotEmpty(alternatives);
        Assert.DoesNotContain(ten, alternatives);

        var wrong = await client.GetAsync("/api/v1/slots?from=2026-12-02&language=xx");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/dashboard?from=2026-12-02&to=2026-12-02&by=day");
        Assert.Matches("data-language=\"De\"><th[^>]*>German</th><td[^>]*>1</td><td[^>]*>[1-9][0-9]*</td>", manager.Html);
    }

    [Fact]
    public async Task Extra_French_speakers_raise_French_seats_and_the_slots_but_not_German_seats_and_need_a_language()
    {
        await _factory.Database.SetAgentsAsync(TestClock.Wednesday1000, 4, _factory.Clock, new Dictionary<Language, int> { [Language.De] = 1 });
        const string ten = "2026-12-02T10:00:00+01:00";
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/capacity");

        await manager.SubmitAsync("add-adjustment", ("kind", "Extra"), ("from", "2026-12-02"), ("to", "2026-12-02"), ("extra", "2"), ("reason", "Filing deadline"));
        Assert.Contains("href=\"#extraLanguages\"", manager.Html);
        Assert.Contains("Choose the languages the extra agents speak.", manager.Text);
        Assert.Equal(0, await _factory.QueryAsync(db => db.CapacityAdjustments.CountAsync()));

        await manager.SubmitAsync("add-adjustment", ("kind", "Extra"), ("from", "2026-12-02"), ("to", "2026-12-02"), ("extra", "2"),
            ("extraLanguages", "fr"), ("reason", "Filing deadline"));
        Assert.Contains("2 extra agents speaking French from", manager.Text);
        Assert.Equal((1, 6, 4), (await SeatsLeftAsync("de", ten), await SeatsLeftAsync("fr", ten), await SeatsLeftAsync("nl", ten)));
    }
}
