using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Api;

/// <summary>Far dates, control characters and wrong types on the API: a 400 problem naming the field, and nothing stored.</summary>
public abstract class HostileApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private AlloFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800));
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    /// <summary>The response is a 400 problem+json whose errors name <paramref name="field"/>; returns its first message.</summary>
    private static async Task<string> AssertFieldProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        return messages[0].GetString()!;
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("-9998-01-01")]
    [InlineData("2026-11-30")]
    [InlineData("2026-12-23")]
    public async Task Slots_from_a_day_nobody_can_book_on_are_a_problem_that_says_which_days_can(string from)
    {
        var message = await AssertFieldProblemAsync(await _client.GetAsync($"/api/v1/slots?from={from}"), "from");
        Assert.Contains("2026-12-01 to 2026-12-22", message);
    }

    [Fact]
    public async Task Slots_from_the_last_bookable_day_are_listed()
    {
        var response = await _client.GetAsync("/api/v1/slots?from=2026-12-22&days=62");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(24, (await response.Content.ReadFromJsonAsync<JsonElement[]>())!.Length);
    }

    [Theory]
    [InlineData("days=abc", "days")]
    [InlineData("days=99999999999999", "days")]
    [InlineData("days=0", "days")]
    [InlineData("length=-1", "length")]
    [InlineData("length=1e3", "length")]
    [InlineData("callback=4", "callback")]
    [InlineData("callback=Voice,RelayCall", "callback")]
    public async Task A_count_that_is_no_count_is_a_problem_naming_its_parameter(string query, string field) =>
        await AssertFieldProblemAsync(await _client.GetAsync($"/api/v1/slots?{query}"), field);

    [Theory]
    [InlineData("9999-12-31T10:00:00+01:00")]
    [InlineData("9999-12-31T23:00:00-05:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("-9998-01-01T10:00:00+01:00")]
    [InlineData("-9998-01-01T00:00:00+14:00")]
    public async Task Booking_or_moving_to_a_time_at_the_ends_of_the_calendar_is_a_slot_problem_and_changes_nothing(string slot)
    {
        await AssertFieldProblemAsync(await _client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = slot, phone = "0470 12 34 56", language = "fr" }), "slotStart");
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));

        var booked = await (await _client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 57", language = "fr" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var move = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/bookings/{booked.GetProperty("reference").GetString()}/reschedule")
        {
            Content = JsonContent.Create(new { slotStart = slot }),
        };
        move.Headers.Add("X-Manage-Token", booked.GetProperty("manageToken").GetString());
        await AssertFieldProblemAsync(await _client.SendAsync(move), "slotStart");
        Assert.Equal(TestClock.Wednesday1000, await _factory.QueryAsync(db => db.Bookings.Select(b => b.SlotStart).SingleAsync()));
    }

    public static TheoryData<string, object> ControlCharacters => new()
    {
        { "name", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr", name = "Ma\0rie" } },
        { "name", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr", name = "Ma\u001b[31mrie" } },
        { "otherLanguageName", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr", needs = new { otherLanguage = "Tigri\0nya" } } },
        { "proxyName", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr", needs = new { proxy = new { name = "Jan\uFFFE", phone = "0470 99 88 77" } } } },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task A_control_character_or_noncharacter_in_a_name_is_refused_in_the_citizens_language_and_nothing_is_stored(string field, object booking)
    {
        var message = await AssertFieldProblemAsync(await _client.PostAsJsonAsync("/api/v1/bookings", booking), field);
        Assert.Contains("caractère", message);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
        Assert.Equal(0, await _factory.QueryAsync(db => db.ChannelOptOuts.CountAsync()));
    }

    [Fact]
    public async Task The_contact_plan_endpoint_refuses_control_characters_too()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/contact-plans", new { phone = "0470 12 34 56", language = "nl", needs = new { otherLanguage = "Tigri\u0007nya" } });
        await AssertFieldProblemAsync(response, "otherLanguageName");
    }

    [Theory]
    [InlineData("{\"slotStart\":5}", "slotStart")]
    [InlineData("{\"needs\":{\"hearing\":\"yes\"}}", "needs.hearing")]
    [InlineData("{\"optedOut\":[\"Fax\"]}", "optedOut[0]")]
    [InlineData("{\"name\":\"a\\ud800b\"}", "name")]
    [InlineData("{not json", "body")]
    [InlineData("{\"slotStart\":", "slotStart")]
    public async Task A_body_the_api_cannot_read_is_a_problem_naming_where_it_went_wrong(string json, string field)
    {
        var response = await _client.PostAsync("/api/v1/bookings", new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertFieldProblemAsync(response, field);
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_problem_json()
    {
        var response = await _client.PostAsync("/api/v1/bookings", new StringContent("slotStart=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}

public sealed class SqliteHostileApiTests() : HostileApiTests(DatabaseProvider.Sqlite);

public sealed class PostgresHostileApiTests() : HostileApiTests(DatabaseProvider.Postgres);
