using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// The dashboard's charts as a manager sees them on a phone and on a desktop: every label that shows
/// is big enough to read and overlaps no other label, with the longest labels (German weeks) and the
/// most categories (a year by day).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardChartTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Manager = "chart-reader@allo.example";

    private const string LabelsScript = """
        () => [...document.querySelectorAll('svg.allo-chart')].map(svg => {
          const boxes = [...svg.querySelectorAll('text')].filter(t => t.getClientRects().length > 0)
            .map(t => { const r = t.getBoundingClientRect(); return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom }; });
          const overlaps = [];
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps.push(a.text + ' / ' + b.text);
          }
          return { id: svg.id, count: boxes.length, smallest: Math.min(...boxes.map(b => b.bottom - b.top)), overlaps };
        })
        """;

    private sealed class ChartLabels
    {
        public string Id { get; set; } = "";
        public int Count { get; set; }
        public double Smallest { get; set; }
        public string[] Overlaps { get; set; } = [];
    }

    [Fact]
    public async Task Every_chart_label_shown_is_at_least_10_px_high_and_overlaps_no_other_at_320_and_1280_px_with_a_year_of_german_periods()
    {
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, Manager, "Chart Reader", StaffBrowser.Password, StaffRoles.Manager);
        }
        var page = await NewPageAsync("de-BE");
        await page.GotoAsync("/manager/dashboard?lang=de");
        await StaffSignIn.SignInAsync(page, Fixture.Factory, Manager);

        var failures = new List<string>();
        foreach (var width in new[] { 320, 1280 })
        {
            foreach (var by in new[] { "week", "day" })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.GotoAsync($"/manager/dashboard?from=2025-12-03&to=2026-12-02&by={by}&lang=de");
                await Assertions.Expect(page.Locator("svg.allo-chart")).ToHaveCountAsync(3);
                var charts = await page.EvaluateAsync<ChartLabels[]>(LabelsScript);
                Assert.Equal(3, charts.Length);
                foreach (var chart in charts)
                {
                    var where = $"{chart.Id} at {width} px by {by}";
                    if (chart.Count < 3) failures.Add($"{where} shows only {chart.Count} labels");
                    if (chart.Smallest < 10) failures.Add($"{where} has a label {chart.Smallest:0.#} px high");
                    if (chart.Overlaps.Length > 0) failures.Add($"{where}: {string.Join("; ", chart.Overlaps)}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
