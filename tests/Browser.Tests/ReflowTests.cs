using Allo.Domain;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// Every citizen and staff page, in the four languages, visited once at a 320 px wide screen in one
/// browser context (WCAG 1.4.10 reflow); the same visits record each page's ids. Two tests read the
/// one sweep, so the browser time is spent once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReflowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const int Width = 320;
    private static readonly string[] LanguageCodes = ["nl", "fr", "de", "en"];
    private static Task<IReadOnlyList<PageFacts>>? _sweep;
    private static readonly SemaphoreSlim SweepLock = new(1, 1);

    private sealed record PageFacts(string Page, string Language, int ScrollWidth, int ClientWidth, string Widest, IReadOnlyList<string> DuplicateIds);

    private const string FactsScript = """
        () => {
          const root = document.documentElement;
          const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) { if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
          const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !scrolls(e));
          const widest = wide.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          const dup = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
          return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
                   widest: widest ? widest.tagName.toLowerCase() + (widest.id ? '#' + widest.id : '') + '.' + widest.className + ' "' + (widest.textContent || '').trim().slice(0, 40) + '"' : '',
                   duplicates: dup };
        }
        """;

    private sealed class Facts
    {
        public int ScrollWidth { get; set; }
        public int ClientWidth { get; set; }
        public string Widest { get; set; } = "";
        public string[] Duplicates { get; set; } = [];
    }

    [Fact]
    public async Task No_page_scrolls_sideways_at_320_px_in_any_language()
    {
        var pages = await SweepAsync();
        var failures = pages.Where(p => p.ScrollWidth > p.ClientWidth)
            .Select(p => $"{p.Page} ({p.Language}) is {p.ScrollWidth} px wide at {p.ClientWidth} px; widest: {p.Widest}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_id_on_every_page_is_unique()
    {
        var pages = await SweepAsync();
        var failures = pages.Where(p => p.DuplicateIds.Count > 0)
            .Select(p => $"{p.Page} ({p.Language}) repeats id {string.Join(", ", p.DuplicateIds)}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<IReadOnlyList<PageFacts>> SweepAsync()
    {
        await SweepLock.WaitAsync();
        try
        {
            _sweep ??= RunSweepAsync();
        }
        finally
        {
            SweepLock.Release();
        }
        return await _sweep;
    }

    private async Task<IReadOnlyList<PageFacts>> RunSweepAsync()
    {
        var results = new List<PageFacts>();
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Fixture.BaseUrl,
            ViewportSize = new ViewportSize { Width = Width, Height = 640 },
            Locale = "nl-BE",
        });
        context.SetDefaultTimeout(BrowserFixture.Timeout);
        try
        {
            var page = await context.NewPageAsync();
            async Task MeasureAsync(string language)
            {
                var facts = await page.EvaluateAsync<Facts>(FactsScript);
                var path = new Uri(page.Url).AbsolutePath;
                results.Add(new PageFacts(path, language, facts.ScrollWidth, facts.ClientWidth, facts.Widest, facts.Duplicates));
            }
            async Task VisitAsync(string path, string language)
            {
                var response = await page.GotoAsync(path);
                Assert.True(response is { Ok: true }, $"{path} ({language}) answered {response?.Status}");
                await MeasureAsync(language);
            }
            // A click that submits or follows a link is done only when the next document has loaded:
            // the old page has an h1 and a button too, so measuring or clicking at once could meet it
            // (or the navigation could destroy the measurement's context) on a busy machine. The old
            // document is marked, and the wait is for a document without the mark.
            async Task NavigateByAsync(ILocator target)
            {
                await page.EvaluateAsync("() => { window.reflowOldDocument = true; }");
                await target.ClickAsync();
                await page.WaitForFunctionAsync("() => window.reflowOldDocument !== true");
                await page.WaitForLoadStateAsync(LoadState.Load);
            }
            Task ContinueAsync() => NavigateByAsync(page.Locator("main button[type=submit]").First);

            var bookingIds = new List<Guid>();
            for (var i = 0; i < LanguageCodes.Length; i++)
            {
                var language = LanguageCodes[i];
                var phone = $"0470 33 55 0{i + 1}";
                await VisitAsync($"/?lang={language}", language);
                await page.Locator($"input[name=Language][value={language}]").CheckAsync();
                await ContinueAsync();
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/book/when"));
                await MeasureAsync(language);
                await TimeChoice.ChooseTheLastTimeAsync(page, () => MeasureAsync(language));
                await Assertions.Expect(page.Locator("#phone")).ToBeVisibleAsync();
                await MeasureAsync(language);
                await page.FillAsync("#phone", phone);
                await ContinueAsync();
                await Assertions.Expect(page.Locator("#name")).ToBeVisibleAsync();
                await MeasureAsync(language);
                await page.FillAsync("#name", "Reflow Test");
                await ContinueAsync();
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/book/needs"));
                await MeasureAsync(language);
                // And with the other language's and the helper's fields revealed.
                await page.Locator("#needs-OtherLanguage").CheckAsync();
                await page.Locator("#needs-Proxy").CheckAsync();
                await Assertions.Expect(page.Locator("#proxyPhone")).ToBeVisibleAsync();
                await MeasureAsync(language);
                await page.Locator("#needs-OtherLanguage").UncheckAsync();
                await page.Locator("#needs-Proxy").UncheckAsync();
                await ContinueAsync();
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/book/check"));
                await MeasureAsync(language);
                await ContinueAsync();
                await Assertions.Expect(page.Locator("#manage-link")).ToBeVisibleAsync();
                await MeasureAsync(language);
                var manage = new Uri((await page.Locator("#manage-link").GetAttributeAsync("href"))!).PathAndQuery;

                await VisitAsync(manage, language);
                foreach (var link in new[] { "#change-plan-link", "#move-link", "#cancel-link" })
                {
                    await NavigateByAsync(page.Locator(link));
                    await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
                    await MeasureAsync(language);
                    await page.GoBackAsync();
                }
                await NavigateByAsync(page.Locator("#move-link"));
                await page.Locator("input[name=day]").Last.CheckAsync();
                await ContinueAsync();
                await Assertions.Expect(page).ToHaveURLAsync(TimeChoice.TimePage());
                await MeasureAsync(language);
                await VisitAsync("/book/already-booked", language);
                await VisitAsync("/accessibility", language);
                await VisitAsync("/privacy", language);
                // The waitlist's pages: the wish (and its errors), the check page, the confirmation, the private link, leaving.
                await VisitAsync("/waitlist/join", language);
                await ContinueAsync();
                await MeasureAsync(language);
                await page.Locator("#firstDay").SelectOptionAsync("2026-12-02");
                await page.Locator("#lastDay").SelectOptionAsync("2026-12-04");
                await page.Locator("#parts").CheckAsync();
                await ContinueAsync();
                await page.FillAsync("#phone", $"0470 33 66 0{i + 1}");
                await ContinueAsync();
                await ContinueAsync();
                await ContinueAsync();
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/waitlist/check"));
                await MeasureAsync(language);
                await ContinueAsync();
                await Assertions.Expect(page.Locator("#manage-link")).ToBeVisibleAsync();
                await MeasureAsync(language);
                await VisitAsync(new Uri((await page.Locator("#manage-link").GetAttributeAsync("href"))!).PathAndQuery, language);
                await NavigateByAsync(page.Locator("#leave-link"));
                await Assertions.Expect(page.Locator("#leave")).ToBeVisibleAsync();
                await MeasureAsync(language);
                await NavigateByAsync(page.Locator("#leave"));
                await Assertions.Expect(page.Locator("#left")).ToBeVisibleAsync();
                await MeasureAsync(language);
                await VisitAsync("/waitlist/already-waiting", language);
                var e164 = "+3247033550" + (i + 1);
                var id = await Fixture.Factory.QueryAsync(db => db.Bookings.Where(b => b.PhoneE164 == e164).Select(b => b.Id).SingleAsync());
                bookingIds.Add(id);
                await VisitAsync("/staff/sign-in", language);
            }

            // Staff: one manager (managers see the agents' pages too), signed in once through the second factor.
            const string manager = "reflow-boss@allo.example";
            string accountId;
            await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
            {
                accountId = (await StaffAccounts.CreateAsync(scope.ServiceProvider, manager, "Reflow Boss", StaffBrowser.Password, StaffRoles.Manager)).Id;
            }
            await page.GotoAsync("/manager/dashboard");
            await page.FillAsync("#email", manager);
            await page.FillAsync("#password", StaffBrowser.Password);
            await page.Locator("main button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#authenticator-key")).ToBeVisibleAsync();
            await MeasureAsync("en");
            await StaffSignIn.EnrolAsync(page);
            await MeasureAsync("en");
            await page.Locator("#recovery-codes-continue").ClickAsync();
            await Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();

            foreach (var language in LanguageCodes)
            {
                await VisitAsync($"/agent?lang={language}", language);
                foreach (var path in new[]
                {
                    "/agent/day", $"/agent/callbacks/{bookingIds[0]}", "/manager/dashboard?from=2026-11-30&to=2026-12-06", "/manager/feedback",
                    "/manager/capacity", "/manager/staff", "/manager/staff/add", "/manager/staff/import", $"/manager/staff/account/{accountId}",
                    "/manager/access-log",
                })
                {
                    await VisitAsync(path, language);
                }
            }

            // Last, because it moves the shared clock to a helped call's end (the next test resets it).
            var helped = await Fixture.Factory.DueCallAsync(phone: "0470 33 55 09", language: "fr");
            await Fixture.Factory.HelpedCallAsync(helped.Id, TestClock.Brussels(2026, 12, 2, 10, 2), agent: "reflow-agent");
            foreach (var language in LanguageCodes)
            {
                Assert.True(Languages.TryParse(language, out var spoken));
                var link = Fixture.Factory.Services.GetRequiredService<FeedbackLinks>().For(helped.Id, spoken).PathAndQuery;
                await VisitAsync(link, language);
                await VisitAsync($"/feedback/thanks?lang={language}", language);
                await VisitAsync($"/dev/outbox?lang={language}", language);
                await VisitAsync($"/dev/phone?number=%2B32470335509&lang={language}", language);
            }
        }
        finally
        {
            await context.CloseAsync();
        }
        return results;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_post_with_errors_the_error_summary_takes_focus_with_or_without_the_skip_link(bool skipLinkFirst)
    {
        var page = await NewPageAsync("en-GB");
        await page.GotoAsync("/staff/sign-in");
        if (skipLinkFirst)
        {
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.Locator(".govuk-skip-link")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#main-content$"));
        }
        await page.Locator("#password-sign-in").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToBeFocusedAsync();
        Assert.DoesNotContain("#", page.Url, StringComparison.Ordinal);
    }
}
