using System.Text.RegularExpressions;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// The sign-in page with the organisation's button, axe-checked in every language, and a real sign-in
/// through <see cref="OidcTestServer"/> in Chromium. Allo is at localhost and the provider at 127.0.0.1:
/// two sites, as in production, so the browser applies SameSite to the way back as it would there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SingleSignOnBrowserTests(BrowserFixture fixture) : IAsyncLifetime
{
    private OidcTestServer _server = null!;
    private AlloFactory _factory = null!;
    private string _baseUrl = null!;
    private readonly List<IBrowserContext> _contexts = [];

    public async Task InitializeAsync()
    {
        _server = await OidcTestServer.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), _server.Settings());
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var port = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _baseUrl = $"http://localhost:{port}";
        await using var scope = _factory.Services.CreateAsyncScope();
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann", StaffBrowser.Password, StaffRoles.Manager);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
        await _factory.DisposeWithDatabaseAsync();
        await _server.DisposeAsync();
    }

    private async Task<IPage> NewPageAsync(string locale)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseUrl,
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
        });
        context.SetDefaultTimeout(BrowserFixture.Timeout);
        context.SetDefaultNavigationTimeout(BrowserFixture.Timeout);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    [Theory]
    [InlineData("nl-BE", "Aanmelden met Test Organisation")]
    [InlineData("fr-BE", "Se connecter avec Test Organisation")]
    [InlineData("de-DE", "Mit Test Organisation anmelden")]
    [InlineData("en-GB", "Sign in with Test Organisation")]
    public async Task The_sign_in_page_with_the_organisations_button_and_its_error_have_no_wcag_violations(string locale, string button)
    {
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/staff/sign-in");
        await Assertions.Expect(page.Locator("#sso")).ToHaveTextAsync(button);
        await Axe.AssertAccessibleAsync(page);

        _server.NextUser = null;
        await page.Locator("#sso").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "sso", checkAxe: true);
    }

    [Fact]
    public async Task An_agent_signs_in_through_the_provider_in_a_real_browser_and_lands_on_the_queue_signed_in()
    {
        _server.NextUser = new OidcUser("sub-browser", "browser-agent@allo.example", "Browser Agent", [OidcTestServer.AgentRole]);
        var page = await NewPageAsync("nl-BE");
        await page.GotoAsync("/staff/sign-in");
        await page.Locator("#sso").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agent$"));
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("browser-agent@allo.example");
        await Axe.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_refused_sign_in_page_has_no_wcag_violations()
    {
        _server.NextUser = new OidcUser("sub-viewer", "viewer@allo.example", "Viewer", ["allo-viewer"]);
        var page = await NewPageAsync("fr-BE");
        await page.GotoAsync("/staff/sign-in");
        await page.Locator("#sso").ClickAsync();

        await Assertions.Expect(page.Locator("#sso-refused")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
    }
}
