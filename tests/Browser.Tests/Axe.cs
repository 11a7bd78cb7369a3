using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>The accessibility checks every browser test uses: axe against WCAG 2.2 AA, and the GOV.UK error summary.</summary>
public static class Axe
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    // Page states already checked in this run, with the URL of the page that was checked.
    private static readonly ConcurrentDictionary<string, string> Checked = new();

    /// <summary>
    /// A page state as its markup, not its words, defines it: the path (ids masked), the error
    /// summary's links, the ids of the elements in &lt;main&gt;, the open dialogs and the revealed conditional fields. The same state in another language
    /// is the same template with other strings (StringsTests checks every language has every string),
    /// so axe would find the same violations in it.
    /// </summary>
    private const string StateScript = """
        () => location.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}')
          + ' errors:' + [...document.querySelectorAll('.govuk-error-summary a')].map(a => a.getAttribute('href')).join(',')
          + ' ids:' + [...document.querySelectorAll('main [id]')].map(e => e.id.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}')).join(',')
          + ' dialogs:' + [...document.querySelectorAll('dialog[open]')].map(d => d.id).join(',')
          + ' revealed:' + [...document.querySelectorAll('.govuk-checkboxes__conditional:not(.govuk-checkboxes__conditional--hidden)')].map(e => e.id).join(',')
        """;

    /// <summary>Runs axe on the page unless this run already checked the same page state (axe is slow on a busy machine).</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var state = await page.EvaluateAsync<string>(StateScript);
        if (!Checked.TryAdd(state, page.Url))
        {
            return;
        }
        // Playwright's evaluate has no time limit of its own, and axe never answers on a page whose JavaScript is
        // off: a generous bound turns that mistake into a failure that names the page instead of a hung suite.
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } })
            .WaitAsync(TimeSpan.FromMinutes(5))
            .ContinueWith(t => t.Exception?.InnerException is TimeoutException
                ? throw new TimeoutException($"axe did not answer on {page.Url} (is JavaScript off in this page's context? axe needs it).")
                : t.Result);
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
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#{field}$"));
        }
    }
}
