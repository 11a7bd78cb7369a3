using Allo.Domain.Bookings;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>A citizen's whole journey in a real browser, checked with axe against WCAG 2.2 AA on every page and error.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BookingJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static Task AssertAccessibleAsync(IPage page) => Axe.AssertAccessibleAsync(page);

    private static async Task ContinueAsync(IPage page) =>
        await page.Locator("main button[type=submit]").ClickAsync();

    private static Task AssertErrorSummaryLinksToAsync(IPage page, string field, bool checkAxe) => Axe.AssertErrorSummaryLinksToAsync(page, field, checkAxe);

    private async Task<string> BookAsync(IPage page, string language, string phone, bool checkAxe, bool javaScript = true)
    {
        await page.GotoAsync("/");
        if (checkAxe) await AssertAccessibleAsync(page);
        await page.Locator($"input[name=Language][value={language}]").CheckAsync();
        await ContinueAsync(page);

        // A day, then a time on it (decision 0025): each page, and each without an answer.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/book/when"));
        if (checkAxe) await AssertAccessibleAsync(page);
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "day", checkAxe);
        await page.Locator("input[name=day][value='2026-12-02']").CheckAsync();
        await ContinueAsync(page);
        await Assertions.Expect(page).ToHaveURLAsync(TimeChoice.TimePage());
        if (checkAxe) await AssertAccessibleAsync(page);
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "slotStart", checkAxe);
        await page.Locator("input[name=slotStart][value='2026-12-02T10:00:00+01:00']").CheckAsync();
        await ContinueAsync(page);

        if (checkAxe) await AssertAccessibleAsync(page);
        await page.FillAsync("#phone", "12");
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "phone", checkAxe);
        await page.FillAsync("#phone", phone);
        await ContinueAsync(page);

        if (checkAxe) await AssertAccessibleAsync(page);
        await page.FillAsync("#email", "not-an-email");
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "email", checkAxe);
        await page.FillAsync("#name", "Test Burger");
        await page.FillAsync("#email", "");
        await ContinueAsync(page);

        if (checkAxe) await AssertAccessibleAsync(page);
        // GOV.UK's conditional reveal: with JavaScript the fields appear when their box is ticked; without, they are always there.
        var languageName = page.Locator("#otherLanguageName");
        var helperName = page.Locator("#proxyName");
        if (javaScript)
        {
            await Assertions.Expect(languageName).ToBeHiddenAsync();
            await Assertions.Expect(helperName).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#needs-OtherLanguage")).ToHaveAttributeAsync("aria-expanded", "false");
        }
        else
        {
            await Assertions.Expect(languageName).ToBeVisibleAsync();
            await Assertions.Expect(helperName).ToBeVisibleAsync();
        }
        await page.Locator("#needs-OtherLanguage").CheckAsync();
        await page.Locator("#needs-Proxy").CheckAsync();
        await Assertions.Expect(languageName).ToBeVisibleAsync();
        await Assertions.Expect(helperName).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#proxyPhone")).ToBeVisibleAsync();
        if (javaScript)
        {
            await Assertions.Expect(page.Locator("#needs-OtherLanguage")).ToHaveAttributeAsync("aria-expanded", "true");
        }
        if (checkAxe) await AssertAccessibleAsync(page);
        await page.Locator("#needs-Proxy").UncheckAsync();
        if (javaScript)
        {
            await Assertions.Expect(helperName).ToBeHiddenAsync();
        }
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "otherLanguageName", checkAxe);
        await page.FillAsync("#otherLanguageName", "Arabisch");
        await page.Locator("#needs-MoreTime").CheckAsync();
        await ContinueAsync(page);

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/book/check"));
        if (checkAxe) await AssertAccessibleAsync(page);
        await ContinueAsync(page);

        await Assertions.Expect(page.Locator(".govuk-panel--confirmation")).ToBeVisibleAsync();
        if (checkAxe) await AssertAccessibleAsync(page);
        // The link is under Allo:PublicBaseUrl (unset here, so http://localhost:5080/); this server
        // listens on a free port, so the test follows the link's path on it.
        var manage = new Uri((await page.Locator("#manage-link").GetAttributeAsync("href"))!);
        Assert.Equal("http://localhost:5080/manage", manage.GetLeftPart(UriPartial.Path));
        return manage.PathAndQuery;
    }

    [Theory]
    [InlineData("nl-BE", "nl", "0470 11 11 01", "woensdag 2 december 2026 om 10:00")]
    [InlineData("fr-BE", "fr", "0470 11 11 02", "mercredi 2 décembre 2026 à 10:00")]
    public async Task The_whole_booking_flow_and_its_errors_have_no_wcag_violations(string locale, string language, string phone, string when)
    {
        var page = await NewPageAsync(locale);
        var manage = await BookAsync(page, language, phone, checkAxe: true);
        await Assertions.Expect(page.Locator("#booking-when")).ToHaveTextAsync(when);

        await page.GotoAsync(manage);
        await AssertAccessibleAsync(page);
        await Assertions.Expect(page.Locator("#plan-callback")).ToBeVisibleAsync();
        await page.Locator("#change-plan-link").ClickAsync();
        await AssertAccessibleAsync(page);
        await page.Locator("#needs-PrefersCall").CheckAsync();
        await page.Locator("#needs-PrefersText").CheckAsync();
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "needs-PrefersText", checkAxe: true);
        await page.GotoAsync(manage);
        await page.Locator("#move-link").ClickAsync();
        await AssertAccessibleAsync(page);
        await page.Locator("input[name=day][value='2026-12-03']").CheckAsync();
        await ContinueAsync(page);
        await Assertions.Expect(page).ToHaveURLAsync(TimeChoice.TimePage());
        await AssertAccessibleAsync(page);
        await page.GotoAsync(manage);
        await page.Locator("#cancel-link").ClickAsync();
        await AssertAccessibleAsync(page);
        await page.Locator("#cancel").ClickAsync();
        await Assertions.Expect(page.Locator("#done-message")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_staff_sign_in_page_and_its_errors_have_no_wcag_violations()
    {
        var page = await NewPageAsync("de-BE");
        await page.GotoAsync("/staff/sign-in");
        await AssertAccessibleAsync(page);
        await ContinueAsync(page);
        await AssertErrorSummaryLinksToAsync(page, "email", checkAxe: true);
    }

    [Theory]
    [InlineData("/accessibility")]
    [InlineData("/privacy")]
    public async Task The_accessibility_statement_and_privacy_notice_have_no_wcag_violations(string path)
    {
        var page = await NewPageAsync("fr-BE");
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await AssertAccessibleAsync(page);
        await Assertions.Expect(page.Locator($"footer a[href='{path}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_accessibility_check_does_catch_a_violation()
    {
        var page = await NewPageAsync("en-BE");
        await page.SetContentAsync("<html><body><img src='x.png'><input type='text'></body></html>");
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Axe.WcagTags] } });
        Assert.Contains(result.Violations, v => v.Id == "image-alt");
        Assert.Contains(result.Violations, v => v.Id == "html-has-lang");
    }

    [Fact]
    public async Task With_javascript_disabled_a_citizen_books_moves_and_cancels()
    {
        var page = await NewPageAsync("fr-BE", javaScript: false);
        var manage = await BookAsync(page, "fr", "0470 11 11 03", checkAxe: false, javaScript: false);

        await page.GotoAsync(manage);
        await page.Locator("#move-link").ClickAsync();
        await TimeChoice.ChooseTimeAsync(page, "2026-12-03T14:00:00+01:00");
        await Assertions.Expect(page.Locator("#booking-when")).ToHaveTextAsync("jeudi 3 décembre 2026 à 14:00");

        await page.Locator("#cancel-link").ClickAsync();
        await page.Locator("#cancel").ClickAsync();
        await Assertions.Expect(page.Locator("#done-message")).ToBeVisibleAsync();

        var booking = await Fixture.Factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.PhoneE164 == "+32470111103"));
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Equal("Arabisch", booking.Needs.OtherLanguage);
    }
}
