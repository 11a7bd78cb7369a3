using Allo.Domain.Bookings;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>A manager searches the access log in a real browser; axe on the results and on the error, in all four languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessLogTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("nl-BE", "nl")]
    [InlineData("fr-BE", "fr")]
    [InlineData("de-DE", "de")]
    [InlineData("en-GB", "en")]
    public async Task A_manager_searches_the_access_log_and_corrects_a_malformed_reference_with_no_wcag_violations(string locale, string language)
    {
        var manager = $"log-boss-{language}@allo.example";
        var reference = BookingReference.New();
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var id = (await StaffAccounts.CreateAsync(scope.ServiceProvider, manager, "Log Boss", StaffBrowser.Password, StaffRoles.Manager)).Id;
            await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordAsync(id, AccessReason.Review, Guid.NewGuid(), reference.Value);
        }
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/manager/access-log");
        await StaffSignIn.SignInAsync(page, Fixture.Factory, manager);
        await Assertions.Expect(page.Locator("#search")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Axe.AssertAccessibleAsync(page);

        await page.FillAsync("#reference", "K7M-4Q");
        await page.Locator("#show").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "reference", checkAxe: true);

        await page.FillAsync("#reference", reference.Spoken.ToLowerInvariant());
        await page.Locator("#show").ClickAsync();
        await Assertions.Expect(page.Locator($"#access-log tr[data-reference='{reference.Value}']")).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(page);
    }
}
