using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Allo.Web.Infrastructure;

/// <summary>
/// The error summary lists its errors in the order of the fields on the page (GOV.UK's rule), not in
/// the order the page model happened to add them to ModelState. The summary is rendered before the
/// fields, so the layout reorders it once the whole page body is known: one place for every page.
/// </summary>
public static partial class ErrorSummaryOrder
{
    [GeneratedRegex("""(<ul class="govuk-list govuk-error-summary__list">)(.*?)(</ul>)""", RegexOptions.Singleline)]
    private static partial Regex List();

    [GeneratedRegex("""<li><a href="#([^"]+)">.*?</a></li>""", RegexOptions.Singleline)]
    private static partial Regex Item();

    public static IHtmlContent InFieldOrder(IHtmlContent body)
    {
        using var writer = new StringWriter();
        body.WriteTo(writer, HtmlEncoder.Default);
        return new HtmlString(Reorder(writer.ToString()));
    }

    /// <summary>Sorts the summary's items by where their field's id first appears after the summary; an item whose field is not found keeps its place at the end.</summary>
    public static string Reorder(string html)
    {
        var list = List().Match(html);
        if (!list.Success)
        {
            return html;
        }
        var after = list.Index + list.Length;
        var items = Item().Matches(list.Groups[2].Value)
            .Select((m, i) => (m.Value, Position: html.IndexOf($"id=\"{m.Groups[1].Value}\"", after, StringComparison.Ordinal), i))
            .OrderBy(x => x.Position < 0 ? int.MaxValue : x.Position)
            .ThenBy(x => x.i)
            .Select(x => x.Value);
        return string.Concat(html.AsSpan(0, list.Groups[2].Index), "\n" + string.Join("\n", items) + "\n", html.AsSpan(list.Groups[3].Index));
    }
}
