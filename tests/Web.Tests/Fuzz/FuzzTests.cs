using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Scheduler.Options;
using Xunit.Abstractions;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// Hostile requests to every API endpoint, every citizen and staff form and the three Twilio
/// webhooks, through one server per provider: none may get a 5xx (or be cut off half-way), an API
/// error must be problem+json, and none may change a row (<see cref="DatabaseFingerprint"/>: every
/// table of the EF model, compared before and after each batch of cases). Each case carries a poison
/// (<see cref="FuzzTarget"/>) so that it is refused as a whole, which is what makes "nothing changed"
/// the right expectation for every one of them.
/// The seed is fixed; every case is made from its own random numbers (seed and case number), so a
/// failure names the case and a run with ALLO_FUZZ_SEED and ALLO_FUZZ_CASES=17,254 replays just those.
/// </summary>
public abstract class FuzzTests(DatabaseProvider provider, ITestOutputHelper output)
{
    public const int Seed = 20261201;
    public const int Cases = 1100;
    private const int BatchSize = 10;

    public static IReadOnlyList<FuzzTarget> Targets { get; } =
        [.. ApiTargets.All(), .. FormTargets.All(), .. LinkTargets.All(), .. WebhookTargets.All()];

    [Fact]
    public async Task Hostile_requests_to_every_api_endpoint_form_and_webhook_get_no_5xx_and_change_no_row()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ALLO_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Seed;
        var only = Environment.GetEnvironmentVariable("ALLO_FUZZ_CASES")?.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        await using var world = await FuzzWorld.StartAsync(provider);
        await AssertEveryApiEndpointIsATargetAsync(world);
        foreach (var target in Targets)
        {
            // The first visit of each page may write what any visit would (the seats of a day just
            // within the horizon); the baseline is taken after it.
            await target.PrepareAsync(world);
        }

        var failures = new List<string>();
        var answers = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        var batches = only is null
            ? Enumerable.Range(0, Cases).Chunk(BatchSize).ToList()
            : only.Select(c => new[] { c }).ToList();
        foreach (var batch in batches)
        {
            var target = Targets[batch[0] / BatchSize % Targets.Count];
            var prepared = await target.PrepareAsync(world);
            var before = await DatabaseFingerprint.TakeAsync(world.Database);
            var sent = new List<string>();
            foreach (var number in batch)
            {
                var request = target.Make(world, prepared, new Random(unchecked((seed * 1_000_003) + number)));
                sent.Add($"case {number}: {request.Describe()}");
                var (status, problem) = await SendAsync(world, request);
                var tally = answers.TryGetValue(target.Name, out var t) ? t : answers[target.Name] = new(StringComparer.Ordinal);
                tally[status?.ToString(CultureInfo.InvariantCulture) ?? "none"] = tally.GetValueOrDefault(status?.ToString(CultureInfo.InvariantCulture) ?? "none") + 1;
                if (only is not null)
                {
                    output.WriteLine($"case {number} ({target}) answered {status}: {request.Describe()}");
                }
                if (problem is not null)
                {
                    failures.Add($"case {number} ({target}): {problem} for {request.Describe()}");
                }
            }
            var changed = (await DatabaseFingerprint.TakeAsync(world.Database)).ChangesSince(before);
            if (changed.Count > 0)
            {
                failures.Add($"cases {batch[0]}–{batch[^1]} ({target}) changed {string.Join("; ", changed)}, sending:\n    {string.Join("\n    ", sent)}");
            }
        }

        var run = $"{batches.Sum(b => b.Length)} cases on {provider}, seed {seed}";
        output.WriteLine(run);
        foreach (var (name, tally) in answers)
        {
            output.WriteLine($"  {name}: {string.Join(", ", tally.Select(a => $"{a.Value} × {a.Key}"))}");
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} failures in {run}. Replay with ALLO_FUZZ_SEED={seed} ALLO_FUZZ_CASES=<case numbers> " +
            $"dotnet test tests/Web.Tests --filter FullyQualifiedName~{GetType().Name}\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>
    /// What counts as a failure for one response: a 5xx, no complete answer (an exception the test
    /// server passes on: the response had started, or the error page failed too), or an API error
    /// that is not problem+json. Null when it is none of these.
    /// </summary>
    private static async Task<(int? Status, string? Problem)> SendAsync(FuzzWorld world, FuzzRequest request)
    {
        try
        {
            using var response = await world.Browser(request.Browser).SendAsync(request.ToMessage());
            await response.Content.ReadAsByteArrayAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return (status, $"{status}");
            }
            var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "";
            if (status >= 400 && path.StartsWith("/api/", StringComparison.Ordinal) && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return (status, $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not problem+json");
            }
            return (status, null);
        }
        catch (Exception e)
        {
            return (null, $"no complete answer ({e.GetType().Name}: {e.Message})");
        }
    }

    private static async Task AssertEveryApiEndpointIsATargetAsync(FuzzWorld world)
    {
        var document = await world.Browser(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var endpoints = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        Assert.NotEmpty(endpoints);
        Assert.Empty(endpoints.Except(Targets.SelectMany(t => t.Covers)));
    }
}

public sealed class SqliteFuzzTests(ITestOutputHelper output) : FuzzTests(DatabaseProvider.Sqlite, output);

public sealed class PostgresFuzzTests(ITestOutputHelper output) : FuzzTests(DatabaseProvider.Postgres, output);
