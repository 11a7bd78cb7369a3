using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>The accessibility checks every browser test uses: axe against WCAG 2.2 AA, and the GOV.UK error summary.</summary>
public static class Axe
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        var violations = string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}) on {page.Url}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        Assert.True(result.Violations.Length == 0, violations);
    }

    /// <summary>The error summary links to the field; with JavaScript, following the link focuses it.</summary>
    public static async Task AssertErrorSummaryLinksToAsync(IPage page, string field, bool checkAxe)
    {
        var summary = page.Locator(".govuk-error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        var link = summary.Locator($"a[href='#{field}']");
        await Assertions.Expect(link).ToHaveCountAsync(1);
        if (checkAxe)
        {
            await AssertAccessibleAsync(page);
        }
        await link.ClickAsync();
        if (checkAxe)
        {
            // With JavaScript, GOV.UK Frontend moves focus to the field itself.
            await Assertions.Expect(page.Locator($"#{field}")).ToBeFocusedAsync();
        }
        else
        {
            Assert.EndsWith($"#{field}", page.Url);
        }
    }
}
