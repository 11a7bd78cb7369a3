using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>A manager runs the team in a real browser, and a new agent chooses a password; axe on every page and error, in all four languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("nl-BE", "nl")]
    [InlineData("fr-BE", "fr")]
    [InlineData("de-DE", "de")]
    [InlineData("en-GB", "en")]
    public async Task A_manager_adds_an_agent_who_sets_a_password_with_no_wcag_violations(string locale, string language)
    {
        var manager = $"team-boss-{language}@allo.example";
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, manager, "Team Boss", StaffBrowser.Password, StaffRoles.Manager);
        }
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/manager/staff");
        await StaffSignIn.SignInAsync(page, Fixture.Factory, manager);
        await Assertions.Expect(page.Locator("#staff")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        await page.Locator("#add-person").ClickAsync();
        await Axe.AssertAccessibleAsync(page);
        await page.Locator("#add").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "name", checkAxe: true);
        await page.FillAsync("#name", $"Agent {language}");
        await page.FillAsync("#email", $"team-agent-{language}@allo.example");
        await page.FillAsync("#languages", $"{language} nl");
        await page.Locator("#skill-text").CheckAsync();
        await page.Locator("#add").ClickAsync();
        await Assertions.Expect(page.Locator("#issued-links")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        var link = new Uri(await page.Locator("#issued-links code").First.InnerTextAsync());
        Assert.Contains($"lang={language}", link.Query);

        await page.Locator($"tr[data-email='team-agent-{language}@allo.example'] a").ClickAsync();
        await Assertions.Expect(page.Locator("#save-profile")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await page.GotoAsync("/manager/staff/import");
        await Axe.AssertAccessibleAsync(page);

        // The new agent's own browser, which may be in another language: the link sets theirs.
        var agent = await NewPageAsync("en-GB");
        await agent.GotoAsync(link.PathAndQuery);
        await Assertions.Expect(agent.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Axe.AssertAccessibleAsync(agent);
        await agent.FillAsync("#password", "Correct-Horse-42");
        await agent.FillAsync("#confirm", "Correct-Horse-43");
        await agent.Locator("#set-password").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(agent, "confirm", checkAxe: true);
        await agent.FillAsync("#password", "Correct-Horse-42");
        await agent.FillAsync("#confirm", "Correct-Horse-42");
        await agent.Locator("#set-password").ClickAsync();
        await Assertions.Expect(agent.Locator("#password-set")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(agent);
    }

    [Fact]
    public async Task An_upload_over_the_servers_1_MB_limit_gets_the_too_large_error_on_the_page_not_an_error_page()
    {
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "team-big@allo.example", "Big", StaffBrowser.Password, StaffRoles.Manager);
        }
        var page = await NewPageAsync("en-GB");
        await page.GotoAsync("/manager/staff/import");
        await StaffSignIn.SignInAsync(page, Fixture.Factory, "team-big@allo.example");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("name,email,role,languages\n" + new string('a', 1536 * 1024)) });
        var response = await page.RunAndWaitForResponseAsync(() => page.Locator("#import").ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(200, response.Status);
        await Axe.AssertErrorSummaryLinksToAsync(page, "file", checkAxe: true);
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("The file is larger than 256 KB");
    }
}
