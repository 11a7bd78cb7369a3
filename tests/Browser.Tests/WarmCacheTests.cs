using Allo.TestSupport;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// Chromium's own cache after a first page: the stylesheet, scripts and icon come from their
/// fingerprinted addresses, cached as immutable, so later pages cost one request each to the server.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WarmCacheTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // GOV.UK Frontend marks each component it has started: the script was fetched and ran.
    private static Task AssertGovUkFrontendRanAsync(IPage page) =>
        Assertions.Expect(page.Locator(".govuk-skip-link")).ToHaveAttributeAsync("data-govuk-skip-link-init", "");

    [Fact]
    public async Task After_the_first_page_each_page_is_one_request_to_the_server_and_gov_uk_frontend_still_runs_on_it()
    {
        using var server = new ServerRequests();
        var page = await NewPageAsync("fr-BE");

        await page.GotoAsync("/accessibility");
        await AssertGovUkFrontendRanAsync(page);
        var cold = new List<string>();
        // The icon is fetched by the browser after the page, in its own time: wait for it, so that it
        // cannot be counted as part of the next page.
        await Eventually.Until(() => { cold.AddRange(server.Take()); return cold.Any(r => r.StartsWith("/icon.")); }, Eventually.Limit, "the browser to fetch the icon");
        Assert.Equal("/accessibility", cold[0]);
        Assert.Contains(cold, r => r.StartsWith("/css/app."));
        Assert.Contains(cold, r => r.StartsWith("/lib/govuk/govuk-frontend.min."));

        await page.GotoAsync("/privacy");
        await AssertGovUkFrontendRanAsync(page);
        // A third page: whatever the second one still asked for would arrive before it.
        await page.GotoAsync("/");
        await AssertGovUkFrontendRanAsync(page);
        Assert.Equal(["/privacy", "/"], server.Take());
    }
}
