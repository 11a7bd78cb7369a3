using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Api;

public abstract class BookingApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    protected AlloFactory Factory = null!;
    protected HttpClient Client = null!;
    protected const string Wednesday11 = "2026-12-02T11:00:00+01:00";

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(provider);
        Factory = new AlloFactory(database, TestClock.At(TestClock.Tuesday0800));
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeWithDatabaseAsync();
    }

    protected static object Booking(string slot, string phone, string language = "fr") =>
        new { slotStart = slot, phone, language, name = "Marie", needs = new { sight = true } };

    protected async Task<JsonElement> BookAsync(string slot, string phone)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", Booking(slot, phone));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private HttpRequestMessage WithToken(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Manage-Token", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    [Fact]
    public async Task Slots_are_listed_in_iso_8601_with_the_brussels_offset_and_seats_left()
    {
        var slots = await Client.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?from=2026-12-02&days=1");
        Assert.Equal(24, slots!.Length);
        Assert.Equal("2026-12-02T09:00:00+01:00", slots[0].GetProperty("start").GetString());
        Assert.Equal("2026-12-02T09:15:00+01:00", slots[0].GetProperty("end").GetString());
        Assert.Equal(4, slots[0].GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task Slots_for_a_longer_call_end_later_and_skip_starts_without_room_before_lunch()
    {
        var slots = await Client.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?from=2026-12-02&days=1&length=2");
        Assert.Equal(22, slots!.Length);
        Assert.Equal("2026-12-02T09:30:00+01:00", slots[0].GetProperty("end").GetString());
        Assert.DoesNotContain(slots, s => s.GetProperty("start").GetString() == "2026-12-02T11:45:00+01:00");
    }

    [Fact]
    public async Task A_bad_slots_query_is_a_problem_document()
    {
        var response = await Client.GetAsync("/api/v1/slots?from=tomorrow");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Booking_returns_201_with_reference_token_and_times_then_get_move_calendar_and_cancel_work_with_the_token()
    {
        var booked = await BookAsync(TestClock.Wednesday1000Slot, "0470 12 34 56");
        var reference = booked.GetProperty("reference").GetString()!;
        var token = booked.GetProperty("manageToken").GetString()!;
        Assert.Equal(TestClock.Wednesday1000Slot, booked.GetProperty("start").GetString());
        Assert.Equal("2026-12-02T10:15:00+01:00", booked.GetProperty("end").GetString());
        Assert.Equal("+32470123456", booked.GetProperty("phone").GetString());
        Assert.Equal("Mobile", booked.GetProperty("phoneKind").GetString());
        Assert.True(booked.GetProperty("needs").GetProperty("sight").GetBoolean());

        var got = await Client.SendAsync(WithToken(HttpMethod.Get, $"/api/v1/bookings/{reference}", token));
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await got.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageToken").ValueKind);

        var moved = await Client.SendAsync(WithToken(HttpMethod.Post, $"/api/v1/bookings/{reference}/reschedule", token, new { slotStart = Wednesday11 }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var movedBody = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Wednesday11, movedBody.GetProperty("start").GetString());
        Assert.Equal(1, movedBody.GetProperty("sequence").GetInt32());

        var ics = await Client.GetAsync($"/api/v1/bookings/{reference}/calendar.ics?token={Uri.EscapeDataString(token)}");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var icsText = await ics.Content.ReadAsStringAsync();
        Assert.Contains("DTSTART;TZID=Europe/Brussels:20261202T110000", icsText);
        Assert.Contains("SEQUENCE:1", icsText);

        var cancelled = await Client.SendAsync(WithToken(HttpMethod.Delete, $"/api/v1/bookings/{reference}", token));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var cancelIcs = await (await Client.GetAsync($"/api/v1/bookings/{reference}/calendar.ics?token={Uri.EscapeDataString(token)}")).Content.ReadAsStringAsync();
        Assert.Contains("METHOD:CANCEL", cancelIcs);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/reschedule")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/calendar.ics")]
    public async Task A_wrong_or_missing_token_is_404_as_if_the_booking_did_not_exist(string method, string suffix)
    {
        var booked = await BookAsync(TestClock.Wednesday1000Slot, "0470 12 34 57");
        var reference = booked.GetProperty("reference").GetString()!;
        var wrong = await Client.SendAsync(WithToken(new HttpMethod(method), $"/api/v1/bookings/{reference}{suffix}", "wrong", method == "POST" ? new { slotStart = Wednesday11 } : null));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        var missing = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/v1/bookings/{reference}{suffix}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var unknown = await Client.SendAsync(WithToken(new HttpMethod(method), $"/api/v1/bookings/ZZZZZZ{suffix}", "wrong"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Booked", (await Factory.QueryAsync(db => db.Bookings.SingleAsync())).Status.ToString());
    }

    [Fact]
    public async Task Invalid_input_is_400_problem_json_with_per_field_errors_in_the_requested_language_and_stores_nothing()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "soon", phone = "123", language = "fr", email = "x@" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("numéro", errors.GetProperty("phone")[0].GetString());
        Assert.True(errors.TryGetProperty("slotStart", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.Equal(0, await Factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_document_too()
    {
        var response = await Client.PostAsync("/api/v1/bookings", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_full_slot_is_409_with_the_next_free_slots()
    {
        await Factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 10), 1);
        await BookAsync(TestClock.Wednesday1000Slot, "0470 00 00 21");
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", Booking(TestClock.Wednesday1000Slot, "0470 00 00 22"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var alternatives = problem.GetProperty("alternatives");
        Assert.Equal(3, alternatives.GetArrayLength());
        Assert.Equal("2026-12-02T10:15:00+01:00", alternatives[0].GetProperty("start").GetString());
    }

    [Fact]
    public async Task A_second_active_booking_for_a_number_is_409()
    {
        await BookAsync(TestClock.Wednesday1000Slot, "0470 00 00 23");
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", Booking(Wednesday11, "+32 470 00 00 23"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("phone-already-booked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_booking_carries_its_contact_plan_with_rule_ids_and_reasons_in_the_citizens_language()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 58", language = "fr", needs = new { hearing = true } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booked = await response.Content.ReadFromJsonAsync<JsonElement>();
        var plan = booked.GetProperty("contactPlan");
        Assert.Equal("TextConversation", plan.GetProperty("callback").GetProperty("value").GetString());
        var reason = plan.GetProperty("callback").GetProperty("reasons")[0];
        Assert.Equal("callback.text-for-hearing", reason.GetProperty("rule").GetString());
        Assert.Contains("SMS", reason.GetProperty("because").GetString());
        Assert.Equal(2, plan.GetProperty("slots").GetProperty("value").GetInt32());
        Assert.Equal("2026-12-02T10:30:00+01:00", booked.GetProperty("end").GetString());
    }

    private static List<string> ChannelsOf(JsonElement plan, string decision) =>
        [.. plan.GetProperty(decision).GetProperty("value").EnumerateArray().Select(m => m.GetProperty("channel").GetString()!)];

    [Fact]
    public async Task A_booking_that_opts_out_of_texts_plans_none_and_no_heads_up_and_the_number_keeps_that_choice()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 70", language = "nl", optedOut = new[] { "Sms" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booked = await response.Content.ReadFromJsonAsync<JsonElement>();
        var plan = booked.GetProperty("contactPlan");
        Assert.DoesNotContain("Sms", ChannelsOf(plan, "confirmation").Concat(ChannelsOf(plan, "reminders")));
        Assert.Empty(ChannelsOf(plan, "headsUp"));
        Assert.Contains(plan.GetProperty("confirmation").GetProperty("reasons").EnumerateArray(), r => r.GetProperty("rule").GetString() == "messages.opt-out");
        Assert.Equal("heads-up.none-without-text", plan.GetProperty("headsUp").GetProperty("reasons")[0].GetProperty("rule").GetString());

        // Cancelled and booked again without saying it: the number's choice stands.
        Assert.True((await Client.SendAsync(WithToken(HttpMethod.Delete, $"/api/v1/bookings/{booked.GetProperty("reference").GetString()}", booked.GetProperty("manageToken").GetString()!))).IsSuccessStatusCode);
        var again = await BookAsync(Wednesday11, "0470 12 34 70");
        Assert.DoesNotContain("Sms", ChannelsOf(again.GetProperty("contactPlan"), "reminders"));
        Assert.Equal(0, await Factory.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.To == "+32470123470" && m.Channel == Domain.Contact.Channel.Sms && m.Status == Scheduler.Messaging.DeliveryStatus.Queued)));
    }

    [Fact]
    public async Task The_contact_plan_endpoint_decides_without_booking_anything()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/contact-plans", new
        {
            phone = "02 572 57 57",
            language = "nl",
            needs = new { moreTime = true, prefersCall = true },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(plan.GetProperty("reachable").GetBoolean());
        var confirmation = plan.GetProperty("confirmation");
        Assert.Equal("Voice", confirmation.GetProperty("value")[0].GetProperty("channel").GetString());
        Assert.Contains(confirmation.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("rule").GetString() == "messages.no-sms-without-mobile");
        Assert.Equal("Plain", plan.GetProperty("style").GetProperty("value").GetString());
        Assert.Equal(0, await Factory.QueryAsync(db => db.Bookings.CountAsync()));

        var refused = await (await Client.PostAsJsonAsync("/api/v1/contact-plans", new { phone = "02 572 57 57", language = "fr", needs = new { hearing = true } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(refused.GetProperty("reachable").GetBoolean());
        Assert.Equal("callback.unreachable-for-hearing", refused.GetProperty("refusal")[0].GetProperty("rule").GetString());

        var invalid = await Client.PostAsJsonAsync("/api/v1/contact-plans", new { phone = "x", language = "nl" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Booking_for_someone_no_channel_can_reach_is_422_with_the_way_out_and_stores_nothing()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "02 572 57 57", language = "nl", needs = new { hearing = true } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("callback.unreachable-for-hearing", problem.GetProperty("reasons")[0].GetProperty("rule").GetString());
        Assert.Equal(0, await Factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/slots", out _));
        Assert.True(paths.TryGetProperty("/api/v1/bookings/{reference}/reschedule", out _));
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed class SqliteBookingApiTests() : BookingApiTests(DatabaseProvider.Sqlite);

public sealed class PostgresBookingApiTests() : BookingApiTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_hundred_simultaneous_bookings_for_a_slot_with_three_seats_give_exactly_three_bookings()
    {
        await Factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 10), 3);
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            Client.PostAsJsonAsync("/api/v1/bookings", Booking(TestClock.Wednesday1000Slot, $"0471 20 {i / 100:00} {i % 100:00}")))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(197, conflicts.Count);
        foreach (var conflict in conflicts)
        {
            var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("slot-full", problem.GetProperty("type").GetString());
            Assert.True(problem.GetProperty("alternatives").GetArrayLength() > 0);
        }
        Assert.Equal(3, await Factory.QueryAsync(db => db.SeatClaims.CountAsync()));
        Assert.Equal(3, await Factory.QueryAsync(db => db.Bookings.CountAsync()));
    }
}

public sealed class RateLimitTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800),
            new Dictionary<string, string> { ["RateLimit:PermitsPerMinute"] = "3" });

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
    }

    [Fact]
    public async Task Every_api_answer_tells_the_limit_what_is_left_and_when_it_starts_afresh()
    {
        var client = _factory.CreateClient();
        var first = await client.GetAsync("/api/v1/slots");
        var second = await client.GetAsync("/api/v1/bookings/ZZZZZZ");
        Assert.Equal("3", first.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal(("2", "1"), (first.Headers.GetValues("RateLimit-Remaining").Single(), second.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.InRange(int.Parse(second.Headers.GetValues("RateLimit-Reset").Single()), 1, 86_400);
    }

    [Fact]
    public async Task Too_many_api_calls_from_one_address_get_429_with_retry_after()
    {
        var client = _factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/slots")).StatusCode);
        }
        var limited = await client.GetAsync("/api/v1/slots");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0", limited.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Contains("rate-limited", await limited.Content.ReadAsStringAsync());
        Assert.True(limited.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
    }
}
