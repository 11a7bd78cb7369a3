using System.Net.Http.Json;
using Allo.Domain.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Allo.Browser.Tests;

/// <summary>An agent's shift in a real browser: sign in, take calls, record outcomes; axe on every page and error.</summary>
public sealed class AgentShiftTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task BookAsync(string phone)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone, language = "fr" });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_agent_signs_in_takes_calls_and_records_outcomes_with_no_wcag_violations()
    {
        await BookAsync("0470 22 22 01");
        await BookAsync("0470 22 22 02");
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "ines@allo.example", "Ines", StaffBrowser.Password, StaffRoles.Agent);
        }
        fixture.Factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 10, 1));
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<CallQueue>().EnterDueAsync());
        }

        var page = await fixture.NewPageAsync("en-GB");
        await page.Clock.InstallAsync();
        await page.GotoAsync("/agent");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff/sign-in"));
        await page.FillAsync("#email", "ines@allo.example");
        await page.FillAsync("#password", StaffBrowser.Password);
        await page.Locator("main button[type=submit]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent$"));
        await Assertions.Expect(page.Locator("#due-now tbody tr")).ToHaveCountAsync(2);
        await Axe.AssertAccessibleAsync(page);

        // First call: nobody answers.
        await page.Locator("#due-now tbody tr").First.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#citizen-number")).ToContainTextAsync("+32 470 22 22 0");
        await Axe.AssertAccessibleAsync(page);
        await page.Locator("#record-outcome").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "outcome", checkAxe: true);
        await page.Locator("#outcome-NoAnswer").CheckAsync();
        await page.Locator("#record-outcome").ClickAsync();
        await Assertions.Expect(page.Locator("#claim-notice")).ToContainTextAsync("No answer");
        await Axe.AssertAccessibleAsync(page);
        await Assertions.Expect(page.Locator("#next tbody tr")).ToHaveCountAsync(1);

        // Second call: helped, with a note.
        await page.Locator("#due-now tbody tr").First.GetByRole(AriaRole.Button).ClickAsync();
        await page.Locator("#outcome").CheckAsync();
        await page.FillAsync("#note", "Explained the tax-on-web proposal");
        await page.Locator("#record-outcome").ClickAsync();
        await Assertions.Expect(page.Locator("#claim-notice")).ToContainTextAsync("Helped");
        await Assertions.Expect(page.Locator("#due-now-empty")).ToBeVisibleAsync();

        // Five minutes later the first call's second try is due: the queue shows it without a reload.
        await page.EvaluateAsync("window.stillTheSamePage = true");
        fixture.Factory.Clock.Advance(Duration.FromMinutes(5));
        await page.Clock.FastForwardAsync("00:25");
        await Assertions.Expect(page.Locator("#due-now tbody tr")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("window.stillTheSamePage === true"));
        await Assertions.Expect(page.Locator("#queue-status")).ToHaveTextAsync("Calls due now: 1.");

        await page.Locator("a[href='/agent/day']").ClickAsync();
        await Assertions.Expect(page.Locator("#done tbody tr")).ToHaveCountAsync(2);
        await Axe.AssertAccessibleAsync(page);

        var statuses = await fixture.Factory.QueryAsync(db => db.Bookings.OrderBy(b => b.PhoneE164).Select(b => b.Status).ToListAsync());
        Assert.Equal([BookingStatus.Queued, BookingStatus.Helped], statuses.Order());
    }
}
