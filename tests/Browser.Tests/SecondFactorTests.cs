using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// The second factor's pages and the idle warning in a real browser, axe on each, in all four
/// languages. The warning opens on Playwright's fake clock: 28 minutes pass without waiting.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecondFactorTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("nl-BE", "nl")]
    [InlineData("fr-BE", "fr")]
    [InlineData("de-DE", "de")]
    [InlineData("en-GB", "en")]
    public async Task A_manager_enrols_signs_in_with_a_code_and_sees_the_idle_warning_with_no_wcag_violations(string locale, string language)
    {
        var manager = $"second-factor-{language}@allo.example";
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, manager, "Factor Boss", StaffBrowser.Password, StaffRoles.Manager);
        }

        // Enrolment, right after the password: QR code, key, a wrong code, then the right one.
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/manager/staff");
        await page.FillAsync("#email", manager);
        await page.FillAsync("#password", StaffBrowser.Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#qr-code")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await page.FillAsync("#code", "12");
        await page.Locator("#enrol").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "code", checkAxe: true);
        await StaffSignIn.EnrolAsync(page);
        await Assertions.Expect(page.Locator("#print-codes")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await page.Locator("#recovery-codes-continue").ClickAsync();
        await Assertions.Expect(page.Locator("#staff")).ToBeVisibleAsync();

        // The code step of a later sign-in, with the fake clock installed for the idle warning.
        var later = await NewPageAsync(locale);
        await later.Clock.InstallAsync();
        await later.GotoAsync("/manager/staff");
        await later.FillAsync("#email", manager);
        await later.FillAsync("#password", StaffBrowser.Password);
        await later.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(later.Locator("#submit-code")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(later);
        await later.Locator("#submit-code").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(later, "code", checkAxe: true);
        await later.FillAsync("#code", Totp.Code(await StaffBrowser.KeyAsync(Fixture.Factory, manager)));
        await later.Locator("#submit-code").ClickAsync();
        await Assertions.Expect(later.Locator("#staff")).ToBeVisibleAsync();

        var dialog = later.Locator("#idle-warning");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await later.Clock.FastForwardAsync("28:00");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(later.Locator("#idle-warning-title")).ToBeFocusedAsync();
        await Assertions.Expect(later.Locator("#idle-warning-text")).ToHaveAttributeAsync("aria-live", "polite");
        await Axe.AssertAccessibleAsync(later);
        var keepAlive = await later.RunAndWaitForResponseAsync(() => later.Locator("#stay-signed-in").ClickAsync(), r => r.Url.EndsWith("/staff/keep-alive", StringComparison.Ordinal));
        Assert.Equal(204, keepAlive.Status);
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(later.Locator("#signed-in-as")).ToBeVisibleAsync();
    }
}
