using System.Net.Http.Json;
using Allo.Scheduler.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Allo.TestSupport;

/// <summary>The real web host on a real database, with the clock under the test's control.</summary>
public sealed class AlloFactory(TestDatabase database, FakeClock clock, IReadOnlyDictionary<string, string>? settings = null, bool jobs = false, bool sharedKeys = false, TimeProvider? time = null)
    : WebApplicationFactory<Program>
{
    /// <summary>
    /// The clock of the sign-in cookies (idle sign-out), when a test controls it; else the system's,
    /// so tests that move <see cref="Clock"/> by days keep their staff signed in.
    /// </summary>
    public TimeProvider? Time { get; } = time;

    /// <summary>Outbox rows announced after commit, when the test runs without background jobs.</summary>
    public RecordingSignal Signal { get; } = new();

    public FakeClock Clock { get; } = clock;
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Allo", Database.ConnectionString);
        builder.UseSetting("RateLimit:PermitsPerMinute", "10000");
        // A window of a day: a test that counts requests up to a 429 never sees the budget start afresh.
        builder.UseSetting("RateLimit:WindowSeconds", "86400");
        builder.UseSetting("Allo:DemoData", "false");
        // Background jobs only where a test asks for them, so other tests stay deterministic. Hangfire
        // keeps process-wide state, so tests with jobs run in their own, non-parallel collection.
        builder.UseSetting("Allo:Roles", jobs ? "web,jobs" : "web");
        builder.UseSetting("Jobs:Storage", "Memory");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IClock>(Clock);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
            if (!jobs)
            {
                services.AddSingleton<Scheduler.Messaging.IOutboxSignal>(Signal);
            }
            if (!sharedKeys)
            {
                // Each test host keeps its own keys, unless the test is about several nodes sharing them.
                services.AddDataProtection().UseEphemeralDataProtectionProvider();
            }
        });
    }

    /// <summary>Stops the host, then drops its database.</summary>
    public async Task DisposeWithDatabaseAsync()
    {
        await DisposeAsync();
        await Database.DisposeAsync();
    }

    public Task SetSeatsAsync(Instant slot, int agents) => Database.SetAgentsAsync(slot, agents, Clock);

    /// <summary>
    /// The booking's call enters the queue at <paramref name="at"/>, <paramref name="agent"/> takes it
    /// and it helps: what the thank-you and the feedback pages follow from.
    /// </summary>
    public async Task HelpedCallAsync(Guid booking, Instant at, string agent = "agent-1")
    {
        Clock.Reset(at);
        await using var scope = Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<Allo.Scheduler.Calls.CallQueue>();
        await queue.EnterDueAsync();
        await TestAgents.AddAsync(scope.ServiceProvider.GetRequiredService<AlloDbContext>(), agent);
        Xunit.Assert.Equal(Allo.Scheduler.Calls.ClaimResult.Claimed, await queue.ClaimAsync(booking, agent));
        Xunit.Assert.Null(await queue.RecordOutcomeAsync(booking, agent, Allo.Domain.Calls.CallOutcome.Helped, null));
    }

    /// <summary>
    /// A citizen books Wednesday 10:00 through the API on Tuesday at 08:00; the clock moves to 10:01 and
    /// the queue job runs, so the call is due. <paramref name="booking"/> adds to the API's body
    /// (a name, needs); the phone and language are always sent.
    /// </summary>
    public async Task<(Guid Id, string Reference)> DueCallAsync(string phone = "0470 12 34 56", string language = "nl", string? name = null, object? needs = null, string? email = null)
    {
        Clock.Reset(TestClock.Tuesday0800);
        var response = await CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone, language, name, email, needs });
        Xunit.Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!;
        var id = await QueryAsync(db => db.Bookings.Where(b => b.Reference == reference).Select(b => b.Id).SingleAsync());
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Allo.Scheduler.Calls.CallQueue>().EnterDueAsync();
        return (id, reference);
    }

    public async Task<T> QueryAsync<T>(Func<AlloDbContext, Task<T>> query)
    {
        await using var db = Database.NewContext();
        return await query(db);
    }
}
