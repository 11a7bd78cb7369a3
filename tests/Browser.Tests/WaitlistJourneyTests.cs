using Allo.Domain.Waitlist;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>Joining the waitlist from the day page and leaving it by its private link in a real browser, with axe on every page and error (with JavaScript on; the run without it checks the same pages work).</summary>
[Collection(BrowserCollection.Name)]
public sealed class WaitlistJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static Task ContinueAsync(IPage page) => page.Locator("main button[type=submit]").First.ClickAsync();

    [Theory]
    [InlineData("de-BE", true, "0470 44 77 01")]
    [InlineData("nl-BE", false, "0470 44 77 02")]
    public async Task A_citizen_joins_the_waitlist_and_leaves_it_with_and_without_JavaScript_and_every_page_passes_axe_with_it(string locale, bool javaScript, string phone)
    {
        var page = await NewPageAsync(locale, javaScript);
        // axe runs as script in the page: with JavaScript off it never answers, so that run checks the pages work, the other checks axe.
        Task AxeAsync() => javaScript ? Axe.AssertAccessibleAsync(page) : Task.CompletedTask;
        await page.GotoAsync("/book/when");
        await page.Locator("#join-waitlist").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/waitlist/join"));
        await AxeAsync();
        await ContinueAsync(page);
        await Axe.AssertErrorSummaryLinksToAsync(page, "firstDay", checkAxe: javaScript);
        await page.Locator("#firstDay").SelectOptionAsync("2026-12-02");
        await page.Locator("#lastDay").SelectOptionAsync("2026-12-04");
        await page.Locator("#parts-afternoon").CheckAsync();
        await ContinueAsync(page);

        await page.FillAsync("#phone", phone);
        await ContinueAsync(page);
        await page.FillAsync("#name", "Warte Liste");
        await ContinueAsync(page);
        await ContinueAsync(page);

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/waitlist/check"));
        await Assertions.Expect(page.Locator("#offer-channel")).ToBeVisibleAsync();
        await AxeAsync();
        await ContinueAsync(page);

        await Assertions.Expect(page.Locator("#joined")).ToBeVisibleAsync();
        await AxeAsync();
        var manage = new Uri((await page.Locator("#manage-link").GetAttributeAsync("href"))!).PathAndQuery;
        await page.GotoAsync(manage);
        await Assertions.Expect(page.Locator("#status")).ToBeVisibleAsync();
        await AxeAsync();
        await page.Locator("#leave-link").ClickAsync();
        await Assertions.Expect(page.Locator("#leave")).ToBeVisibleAsync();
        await AxeAsync();
        await page.Locator("#leave").ClickAsync();
        await Assertions.Expect(page.Locator("#left")).ToBeVisibleAsync();
        await AxeAsync();

        var e164 = "+32" + phone[1..].Replace(" ", "");
        var entry = await Fixture.Factory.QueryAsync(db => db.WaitlistEntries.SingleAsync(e => e.PhoneE164 == e164));
        Assert.Equal((WaitlistStatus.Left, DayParts.Afternoon), (entry.Status, entry.Parts));
    }
}
