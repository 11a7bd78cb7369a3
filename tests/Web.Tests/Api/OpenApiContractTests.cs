using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Web.Tests.Api;

/// <summary>
/// The document checked by tools nobody here wrote (tests/Contract, installed by ./test.sh with npm ci):
/// swagger-parser validates it as OpenAPI 3.1, and ajv validates real answers of every operation —
/// success, each problem, the 404 for a wrong token — against the schema the document gives them.
/// </summary>
public sealed class OpenApiContractTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;
    private HttpClient _client = null!;
    private readonly List<JsonObject> _answers = [];

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    /// <summary>Sends the request and keeps the answer, under the document's path template, for ajv.</summary>
    private async Task<JsonElement> Call(HttpMethod method, string template, string url, object? body = null, string? token = null, string? ifMatch = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (token is not null) request.Headers.Add("X-Manage-Token", token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await _client.SendAsync(request);
        Assert.True(response.Headers.Contains("RateLimit-Remaining"), $"{method} {url}: no RateLimit-Remaining");
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        var text = await response.Content.ReadAsStringAsync();
        _answers.Add(new JsonObject
        {
            ["method"] = method.Method.ToLowerInvariant(),
            ["path"] = template,
            ["status"] = (int)response.StatusCode,
            ["contentType"] = type,
            ["body"] = type.EndsWith("json") ? JsonNode.Parse(text) : null,
        });
        return type.EndsWith("json") ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }

    [Fact]
    public async Task The_document_is_valid_openapi_3_1_and_every_real_answer_matches_its_schema()
    {
        var contract = ContractTools.Folder();
        const string Booking = "/api/v1/bookings/{reference}";
        const string Slot = "2026-12-02T10:00:00+01:00";

        await Call(HttpMethod.Get, "/api/v1/slots", "/api/v1/slots?from=2026-12-02&days=1");
        await Call(HttpMethod.Get, "/api/v1/slots", "/api/v1/slots?days=99");
        var booked = await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = Slot, phone = "0470 12 34 56", language = "fr", name = "Marie", needs = new { sight = true } }, key: "contract-key-0001");
        var (reference, token) = (booked.GetProperty("reference").GetString()!, booked.GetProperty("manageToken").GetString()!);
        await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = Slot, phone = "0470 12 34 57", language = "fr" }, key: "contract-key-0001");
        await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = "soon", phone = "1", language = "fr" });
        await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = Slot, phone = "0470 12 34 56", language = "fr" });
        await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = Slot, phone = "02 572 57 57", language = "nl", needs = new { hearing = true } });
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 10), 1);
        await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = Slot, phone = "0470 12 34 58", language = "fr" });

        await Call(HttpMethod.Get, Booking, $"/api/v1/bookings/{reference}", token: token);
        await Call(HttpMethod.Get, Booking, $"/api/v1/bookings/{reference}", token: "wrong");
        await Call(HttpMethod.Post, Booking + "/reschedule", $"/api/v1/bookings/{reference}/reschedule", new { slotStart = "2026-12-02T11:00:00+01:00" }, token, "\"0\"");
        await Call(HttpMethod.Post, Booking + "/reschedule", $"/api/v1/bookings/{reference}/reschedule", new { slotStart = "2026-12-02T11:15:00+01:00" }, token, "\"0\"");
        await Call(HttpMethod.Post, Booking + "/reschedule", $"/api/v1/bookings/{reference}/reschedule", new { slotStart = "never" }, token);
        await Call(HttpMethod.Post, Booking + "/reschedule", $"/api/v1/bookings/{reference}/reschedule", new { slotStart = "2026-12-02T11:00:00+01:00" }, "wrong");
        await Call(HttpMethod.Get, Booking + "/calendar.ics", $"/api/v1/bookings/{reference}/calendar.ics", token: "wrong");
        await Call(HttpMethod.Delete, Booking, $"/api/v1/bookings/{reference}", token: token, ifMatch: "\"0\"");
        await Call(HttpMethod.Delete, Booking, $"/api/v1/bookings/{reference}", token: token, ifMatch: "nonsense");
        await Call(HttpMethod.Delete, Booking, $"/api/v1/bookings/{reference}", token: "wrong");
        await Call(HttpMethod.Delete, Booking, $"/api/v1/bookings/{reference}", token: token);
        await Call(HttpMethod.Delete, Booking, $"/api/v1/bookings/{reference}", token: token);
        await Call(HttpMethod.Post, "/api/v1/contact-plans", "/api/v1/contact-plans", new { phone = "0470 12 34 59", language = "nl", email = "a@example.be", needs = new { otherLanguage = "Arabic" } });
        await Call(HttpMethod.Post, "/api/v1/contact-plans", "/api/v1/contact-plans", new { phone = "02 572 57 57", language = "fr", needs = new { hearing = true } });
        await Call(HttpMethod.Post, "/api/v1/contact-plans", "/api/v1/contact-plans", new { phone = "x", language = "nl" });
        var statuses = _answers.Select(a => (int)a["status"]!).ToHashSet();
        Assert.Superset(new HashSet<int> { 200, 201, 400, 404, 409, 412, 422 }, statuses);

        var folder = Directory.CreateTempSubdirectory("allo-contract-").FullName;
        var documentFile = Path.Combine(folder, "openapi.json");
        var answersFile = Path.Combine(folder, "answers.json");
        await File.WriteAllTextAsync(documentFile, await _client.GetStringAsync("/openapi/v1.json"));
        await File.WriteAllTextAsync(answersFile, new JsonArray([.. _answers]).ToJsonString());
        var (exit, output) = await ContractTools.NodeAsync(contract, "check.mjs", documentFile, answersFile);
        Assert.True(exit == 0, output);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_checker_fails_a_real_booking_answer_with_a_broken_field_and_a_status_the_document_does_not_list()
    {
        var contract = ContractTools.Folder();
        await Call(HttpMethod.Post, "/api/v1/bookings", "/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 12 34 56", language = "fr" });
        var broken = (JsonObject)_answers[0]!.DeepClone();
        broken["body"]!["reference"] = 42;
        var unlisted = (JsonObject)_answers[0]!.DeepClone();
        unlisted["status"] = 418;

        var folder = Directory.CreateTempSubdirectory("allo-contract-").FullName;
        var documentFile = Path.Combine(folder, "openapi.json");
        var answersFile = Path.Combine(folder, "answers.json");
        await File.WriteAllTextAsync(documentFile, await _client.GetStringAsync("/openapi/v1.json"));
        await File.WriteAllTextAsync(answersFile, new JsonArray(_answers[0]!.DeepClone(), broken, unlisted).ToJsonString());
        var (exit, output) = await ContractTools.NodeAsync(contract, "check.mjs", documentFile, answersFile);
        Directory.Delete(folder, recursive: true);

        Assert.NotEqual(0, exit);
        Assert.Contains("ok POST /api/v1/bookings 201", output);
        Assert.Contains("FAIL POST /api/v1/bookings 201: data/reference must be string", output);
        Assert.Contains("FAIL POST /api/v1/bookings 418: the document has no application/json answer for it", output);
        Assert.Contains("2 checks failed", output);
    }
}
