using System.Net.Http.Json;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// The real service on Kestrel (loopback, a free port) and the distribution's Chromium driven by
/// Playwright, started once for the whole run: every browser test class shares them (see
/// <see cref="BrowserCollection"/>), and each test gets its own browser context and its own phone
/// numbers and accounts. No browser is downloaded: Chromium comes from the machine's packages (./test.sh).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// How long any wait for a state (an element, a URL, a navigation) may take. Generous on purpose:
    /// on a busy 2-core machine a page can take many seconds, and a test must fail on a wrong state,
    /// never on a slow one.
    /// </summary>
    public const float Timeout = 60_000;

    private IPlaywright _playwright = null!;

    public AlloFactory Factory { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Chromium from the distribution's packages.");
        }
        Assertions.SetDefaultExpectTimeout(Timeout);
        // Every test's browser comes from 127.0.0.1, so the sign-in pages' budget (20 a client) would run
        // out after a few staff sign-ins, each now a password and a code; the budget itself is tested
        // in Web.Tests.
        Factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800),
            new Dictionary<string, string> { ["RateLimit:LookupPermitsPerMinute"] = "10000" });
        Factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = Timeout,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(string locale, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            JavaScriptEnabled = javaScript,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
        });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        return await context.NewPageAsync();
    }

    /// <summary>A booking made through the service's own API, as another service would.</summary>
    public async Task BookAsync(string phone, string slot, string language = "fr")
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/v1/bookings", new { slotStart = slot, phone, language });
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Factory.DisposeWithDatabaseAsync();
    }
}

/// <summary>Every browser test class is in this collection, so they share one server and one Chromium and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// A browser test: its pages live in their own contexts, closed after the test. The shared
/// service's clock starts every test at Tuesday 08:00, whatever the test before left it at.
/// </summary>
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserFixture Fixture => fixture;

    protected async Task<IPage> NewPageAsync(string locale, bool javaScript = true)
    {
        var page = await fixture.NewPageAsync(locale, javaScript);
        _contexts.Add(page.Context);
        return page;
    }

    public Task InitializeAsync()
    {
        fixture.Factory.Clock.Reset(TestClock.Tuesday0800);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
