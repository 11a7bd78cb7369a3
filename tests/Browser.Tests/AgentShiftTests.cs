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
[Collection(BrowserCollection.Name)]
public sealed class AgentShiftTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // Nine o'clock: no other browser test books a call that is due before ten.
    private Task BookAsync(string phone) => Fixture.BookAsync(phone, "2026-12-02T09:00:00+01:00");

    [Fact]
    public async Task An_agent_signs_in_takes_calls_and_records_outcomes_with_no_wcag_violations()
    {
        await BookAsync("0470 22 22 01");
        await BookAsync("0470 22 22 02");
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "ines@allo.example", "Ines", StaffBrowser.Password, StaffRoles.Agent, TestAgents.AllLanguages);
        }
        Fixture.Factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 9, 1));
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<CallQueue>().EnterDueAsync());
        }

        var page = await NewPageAsync("en-GB");
        await page.Clock.InstallAsync();
        await page.GotoAsync("/agent");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff/sign-in"));
        await StaffSignIn.SignInAsync(page, Fixture.Factory, "ines@allo.example");

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
        Fixture.Factory.Clock.Advance(Duration.FromMinutes(5));
        await page.Clock.FastForwardAsync("00:25");
        await Assertions.Expect(page.Locator("#due-now tbody tr")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("window.stillTheSamePage === true"));
        await Assertions.Expect(page.Locator("#queue-status")).ToHaveTextAsync("Calls due now: 1.");

        await page.Locator("#staff-navigation a[href='/agent/day']").ClickAsync();
        await Assertions.Expect(page.Locator("#done tbody tr")).ToHaveCountAsync(2);
        await Axe.AssertAccessibleAsync(page);

        var statuses = await Fixture.Factory.QueryAsync(db => db.Bookings.Where(b => b.PhoneE164 == "+32470222201" || b.PhoneE164 == "+32470222202").Select(b => b.Status).ToListAsync());
        Assert.Equal([BookingStatus.Queued, BookingStatus.Helped], statuses.Order());
    }

    [Fact]
    public async Task An_agent_takes_a_call_outside_their_languages_with_a_reason_with_no_wcag_violations()
    {
        var before = Fixture.Factory.Clock.GetCurrentInstant();
        // Friday afternoon, a German call: no other browser test books then, and it is closed below.
        await Fixture.BookAsync("0470 22 44 01", "2026-12-04T14:00:00+01:00", "de");
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "noor@allo.example", "Noor", StaffBrowser.Password, StaffRoles.Agent, "nl");
        }
        Fixture.Factory.Clock.Reset(TestClock.Brussels(2026, 12, 4, 14, 1));
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CallQueue>().EnterDueAsync();
        }
        var id = await Fixture.Factory.QueryAsync(db => db.Bookings.Where(b => b.PhoneE164 == "+32470224401").Select(b => b.Id).SingleAsync());

        var page = await NewPageAsync("nl-BE");
        await page.GotoAsync($"/agent/callbacks/{id}");
        await page.FillAsync("#email", "noor@allo.example");
        await page.FillAsync("#password", StaffBrowser.Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#claim")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);

        await page.Locator("#claim").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/take$"));
        await Assertions.Expect(page.Locator("#call-need")).ToContainTextAsync("Duits");
        await Axe.AssertAccessibleAsync(page);
        await page.Locator("#take").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "reason", checkAxe: true);
        await page.FillAsync("#reason", "Geen Duitstalige collega vrij.");
        await page.Locator("#take").ClickAsync();
        await Assertions.Expect(page.Locator("#citizen-number")).ToContainTextAsync("+32 470 22 44 01");

        await page.Locator("#outcome").CheckAsync();
        await page.Locator("#record-outcome").ClickAsync();
        await Assertions.Expect(page.Locator("#claim-notice")).ToBeVisibleAsync();
        Assert.Equal(1, await Fixture.Factory.QueryAsync(db => db.ClaimReasons.CountAsync(r => r.BookingId == id)));
        Fixture.Factory.Clock.Reset(before);
    }
}

/// <summary>A manager's round in a real browser: dashboard, feedback, capacity with an error and a move; axe on each.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManagerRoundTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private Task BookAsync(string phone, string slot) => Fixture.BookAsync(phone, slot);

    [Fact]
    public async Task A_manager_reads_the_dashboard_and_feedback_and_plans_capacity_with_no_wcag_violations()
    {
        await BookAsync("0470 22 33 03", "2026-12-03T11:00:00+01:00");
        Fixture.Factory.Clock.Reset(TestClock.Brussels(2026, 12, 3, 11, 5));
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "mona@allo.example", "Mona", StaffBrowser.Password, StaffRoles.Manager);
            var db = scope.ServiceProvider.GetRequiredService<Allo.Scheduler.Persistence.AlloDbContext>();
            var helped = await db.Bookings.Where(b => b.PhoneE164 == "+32470223303").Select(b => b.Id).SingleAsync();
            var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
            await queue.EnterDueAsync();
            await TestAgents.AddAsync(db, "someone");
            await queue.ClaimAsync(helped, "someone");
            await queue.RecordOutcomeAsync(helped, "someone", Allo.Domain.Calls.CallOutcome.Helped, null);
            await scope.ServiceProvider.GetRequiredService<Allo.Scheduler.Feedback.FeedbackService>()
                .ReceiveAsync(helped, Allo.Domain.Feedback.FeedbackSource.Web, Allo.Domain.Feedback.FeedbackReply.From(4, "Clear and kind"));
        }
        Fixture.Factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 16));
        // Booked only now, so that the queue above never held them: the service is shared, and a call
        // left in the queue would show up in another test's agent queue.
        await BookAsync("0470 22 33 01", "2026-12-03T10:00:00+01:00");
        await BookAsync("0470 22 33 02", "2026-12-03T10:00:00+01:00");

        var page = await NewPageAsync("nl-BE");
        await page.GotoAsync("/manager/dashboard?from=2026-11-30&to=2026-12-06");
        await StaffSignIn.SignInAsync(page, Fixture.Factory, "mona@allo.example");
        await Assertions.Expect(page.Locator("svg.allo-chart")).ToHaveCountAsync(3);
        await Axe.AssertAccessibleAsync(page);

        await page.Locator("#staff-navigation a[href='/manager/feedback']").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-summary-card")).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(page);

        await page.Locator("#staff-navigation a[href='/manager/capacity']").ClickAsync();
        await Axe.AssertAccessibleAsync(page);
        await page.FillAsync("#agents-Thursday-10", "veel");
        await page.Locator("#save-week").ClickAsync();
        await Axe.AssertErrorSummaryLinksToAsync(page, "agents-Thursday-10", checkAxe: true);
        await page.FillAsync("#agents-Thursday-10", "1");
        await page.Locator("#save-week").ClickAsync();
        await Assertions.Expect(page.Locator("#overfull tbody tr")).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(page);
        await page.Locator("#overfull button").First.ClickAsync();
        await Assertions.Expect(page.Locator("#capacity-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#overfull-none")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_capacity_pages_grid_per_language_and_its_error_have_no_wcag_violations_in_the_four_languages()
    {
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "lena@allo.example", "Lena", StaffBrowser.Password, StaffRoles.Manager);
        }
        foreach (var (locale, grid) in new[] { ("nl-BE", "de"), ("fr-BE", "nl"), ("de-BE", "fr"), ("en-GB", "en") })
        {
            var page = await NewPageAsync(locale);
            await page.GotoAsync($"/manager/capacity?grid={grid}");
            await StaffSignIn.SignInAsync(page, Fixture.Factory, "lena@allo.example");
            await Assertions.Expect(page.Locator($"#week[data-grid='{grid}']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#grid-choice a[aria-current=page]")).ToHaveCountAsync(1);
            await Axe.AssertAccessibleAsync(page);
            // More speakers than agents on shift: refused, nothing saved, the summary links to the cell.
            await page.FillAsync("#agents-Thursday-10", "9");
            await page.Locator("#save-week").ClickAsync();
            await Axe.AssertErrorSummaryLinksToAsync(page, "agents-Thursday-10", checkAxe: true);
        }
    }
}
