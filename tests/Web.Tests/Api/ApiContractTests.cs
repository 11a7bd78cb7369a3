using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Api;

/// <summary>What a partner building on the API relies on: the document, problem types, versions.</summary>
public abstract class ApiContractTests(DatabaseProvider provider) : IAsyncLifetime
{
    protected AlloFactory Factory = null!;
    protected HttpClient Client = null!;
    private const string Wednesday11 = "2026-12-02T11:00:00+01:00";

    public async Task InitializeAsync()
    {
        Factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800));
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync() => await Factory.DisposeWithDatabaseAsync();

    protected async Task<(string Reference, string Token, HttpResponseMessage Response)> BookAsync(string phone = "0470 12 34 56")
    {
        var response = await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone, language = "fr" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("reference").GetString()!, body.GetProperty("manageToken").GetString()!, response);
    }

    protected static HttpRequestMessage Send(HttpMethod method, string url, string token, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Manage-Token", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    private static async Task<string> TypeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!;
    }

    [Fact]
    public async Task Booking_and_reading_give_the_sequence_as_etag()
    {
        var (reference, token, booked) = await BookAsync();
        Assert.Equal("\"0\"", booked.Headers.ETag!.Tag);
        var read = await Client.SendAsync(Send(HttpMethod.Get, $"/api/v1/bookings/{reference}", token));
        Assert.Equal("\"0\"", read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_move_or_cancel_with_the_etag_of_an_older_version_is_412_and_changes_nothing()
    {
        var (reference, token, _) = await BookAsync();
        var moved = await Client.SendAsync(Send(HttpMethod.Post, $"/api/v1/bookings/{reference}/reschedule", token, new { slotStart = Wednesday11 }, "\"0\""));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("\"1\"", moved.Headers.ETag!.Tag);

        var staleMove = await Client.SendAsync(Send(HttpMethod.Post, $"/api/v1/bookings/{reference}/reschedule", token, new { slotStart = TestClock.Wednesday1000Slot }, "\"0\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleMove.StatusCode);
        Assert.EndsWith("/precondition-failed", await TypeOf(staleMove));
        var staleCancel = await Client.SendAsync(Send(HttpMethod.Delete, $"/api/v1/bookings/{reference}", token, ifMatch: "\"0\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleCancel.StatusCode);

        var booking = await Factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(("Booked", 1), (booking.Status.ToString(), booking.Sequence));
        var cancelled = await Client.SendAsync(Send(HttpMethod.Delete, $"/api/v1/bookings/{reference}", token, ifMatch: "\"1\""));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    [Fact]
    public async Task An_if_match_that_is_no_etag_is_400_naming_the_header()
    {
        var (reference, token, _) = await BookAsync();
        var response = await Client.SendAsync(Send(HttpMethod.Delete, $"/api/v1/bookings/{reference}", token, ifMatch: "yesterday"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("If-Match", out _));
        Assert.Equal("Booked", (await Factory.QueryAsync(db => db.Bookings.SingleAsync())).Status.ToString());
    }

    [Fact]
    public async Task Every_problem_carries_a_type_from_the_published_list()
    {
        var (reference, _, _) = await BookAsync();
        Assert.EndsWith("/not-found", await TypeOf(await Client.SendAsync(Send(HttpMethod.Get, $"/api/v1/bookings/{reference}", "wrong"))));
        Assert.EndsWith("/invalid-field", await TypeOf(await Client.GetAsync("/api/v1/slots?days=99")));
        Assert.EndsWith("/invalid-field", await TypeOf(await Client.PostAsync("/api/v1/bookings", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))));
        Assert.EndsWith("/unsupported-media-type", await TypeOf(await Client.PostAsync("/api/v1/bookings", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"))));
        Assert.EndsWith("/phone-already-booked", await TypeOf(await Client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = Wednesday11, phone = "0470 12 34 56", language = "fr" })));
        Assert.EndsWith("/not-found", await TypeOf(await Client.GetAsync("/api/v1/nothing-here")));
    }
}

public sealed class SqliteApiContractTests() : ApiContractTests(DatabaseProvider.Sqlite)
{
    private async Task<JsonElement> DocumentAsync() => await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    [Fact]
    public async Task The_document_is_openapi_3_1_and_lists_only_the_api()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        Assert.All(document.GetProperty("paths").EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name));
    }

    [Fact]
    public async Task The_document_says_201_with_the_booking_schema_and_every_error_status_as_problem_json()
    {
        var book = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/v1/bookings").GetProperty("post").GetProperty("responses");
        Assert.False(book.TryGetProperty("200", out _));
        Assert.Equal("#/components/schemas/BookingDto", book.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "400", "409", "422", "429" })
        {
            var content = book.GetProperty(status).GetProperty("content").GetProperty("application/problem+json");
            Assert.Equal("#/components/schemas/ApiProblem", content.GetProperty("schema").GetProperty("$ref").GetString());
        }
        Assert.True(book.GetProperty("409").GetProperty("content").GetProperty("application/problem+json").GetProperty("examples").TryGetProperty("slot-full", out _));
    }

    [Fact]
    public async Task Operations_that_need_the_manage_token_name_the_scheme_and_answer_404()
    {
        var document = await DocumentAsync();
        Assert.Equal("X-Manage-Token", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("manageToken").GetProperty("name").GetString());
        foreach (var (path, method) in new[] { ("/api/v1/bookings/{reference}", "get"), ("/api/v1/bookings/{reference}", "delete"), ("/api/v1/bookings/{reference}/reschedule", "post"), ("/api/v1/bookings/{reference}/calendar.ics", "get") })
        {
            var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
            Assert.Equal("manageToken", operation.GetProperty("security")[0].EnumerateObject().Single().Name);
            Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _));
        }
    }

    [Fact]
    public async Task A_reachable_plan_gives_the_fallback_order_and_heads_up_and_a_refused_plan_only_the_refusal()
    {
        var plan = await (await Client.PostAsJsonAsync("/api/v1/contact-plans", new { phone = "0470 12 34 56", language = "nl", email = "a@example.be" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Sms", "Voice", "Email"], plan.GetProperty("fallback").GetProperty("value").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal("Citizen", plan.GetProperty("headsUp").GetProperty("value")[0].GetProperty("to").GetString());
        Assert.Empty(plan.GetProperty("refusal").EnumerateArray());

        var refused = await (await Client.PostAsJsonAsync("/api/v1/contact-plans", new { phone = "02 572 57 57", language = "en", needs = new { hearing = true } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["reachable", "refusal"], refused.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Contains("mobile", refused.GetProperty("refusal")[0].GetProperty("because").GetString());
    }
}

public sealed class PostgresApiContractTests() : ApiContractTests(DatabaseProvider.Postgres);

/// <summary>Retries with an Idempotency-Key, on both providers: the key is the database's.</summary>
public abstract class IdempotencyTests(DatabaseProvider provider) : ApiContractTests(provider)
{
    private async Task<HttpResponseMessage> BookWithKeyAsync(string key, string phone = "0470 12 34 60", string language = "fr")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings")
        {
            Content = JsonContent.Create(new { slotStart = TestClock.Wednesday1000Slot, phone, language }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task The_same_key_and_body_get_the_first_answer_with_its_manage_token_and_book_once()
    {
        var first = await BookWithKeyAsync("5b0c3a8e-6f1d-4c62-9d44-1a2b3c4d5e6f");
        var again = await BookWithKeyAsync("5b0c3a8e-6f1d-4c62-9d44-1a2b3c4d5e6f");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var (one, two) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await again.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(one.GetProperty("reference").GetString(), two.GetProperty("reference").GetString());
        Assert.Equal(one.GetProperty("manageToken").GetString(), two.GetProperty("manageToken").GetString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("true", again.Headers.GetValues("Idempotency-Replayed").Single());
        Assert.Equal(1, await Factory.QueryAsync(db => db.Bookings.CountAsync()));
        // What is stored is encrypted: the manage token is nowhere in the database in clear.
        var stored = await Factory.QueryAsync(db => db.IdempotencyKeys.SingleAsync());
        Assert.DoesNotContain(one.GetProperty("manageToken").GetString()!, stored.Response);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_books_nothing_more()
    {
        Assert.Equal(HttpStatusCode.Created, (await BookWithKeyAsync("key-0001-aaaa-bbbb")).StatusCode);
        var other = await BookWithKeyAsync("key-0001-aaaa-bbbb", phone: "0470 12 34 61");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.EndsWith("/idempotency-key-reused", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(1, await Factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_refusal_is_replayed_too_and_a_key_that_is_not_visible_ascii_is_400()
    {
        var refused = await BookWithKeyAsync("key-0002-refused", language: "xx");
        var again = await BookWithKeyAsync("key-0002-refused", language: "xx");
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (refused.StatusCode, again.StatusCode));
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        var bad = await BookWithKeyAsync("key with spaces");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_reschedule_retried_with_its_key_moves_once_and_answers_the_same()
    {
        var (reference, token, _) = await BookAsync();
        HttpRequestMessage Move()
        {
            var request = Send(HttpMethod.Post, $"/api/v1/bookings/{reference}/reschedule", token, new { slotStart = "2026-12-02T11:00:00+01:00" });
            request.Headers.Add("Idempotency-Key", "move-0001-xyz");
            return request;
        }
        var first = await Client.SendAsync(Move());
        var again = await Client.SendAsync(Move());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(1, (await Factory.QueryAsync(db => db.Bookings.SingleAsync())).Sequence);
    }

    [Fact]
    public async Task Keys_are_erased_after_a_day_by_the_retention_job()
    {
        Assert.Equal(HttpStatusCode.Created, (await BookWithKeyAsync("key-0003-erase")).StatusCode);
        Factory.Clock.AdvanceHours(25);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Scheduler.Messaging.RetentionJob>().EraseExpiredAsync(CancellationToken.None);
        }
        Assert.Equal(0, await Factory.QueryAsync(db => db.IdempotencyKeys.CountAsync()));
    }
}

public sealed class SqliteIdempotencyTests() : IdempotencyTests(DatabaseProvider.Sqlite);

public sealed class PostgresIdempotencyTests() : IdempotencyTests(DatabaseProvider.Postgres);
