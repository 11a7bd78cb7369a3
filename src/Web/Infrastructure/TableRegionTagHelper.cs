using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Allo.Web.Infrastructure;

/// <summary>
/// A wide table (staff queues, the capacity grid, dashboard figures) scrolls inside its own region
/// at 320 px instead of the whole page (WCAG 1.4.10): <c>&lt;table allo-region id="x"&gt;</c> with a
/// caption whose id is "x-caption". The region takes focus (tabindex) so keyboard users can scroll it,
/// and is named by the caption.
/// </summary>
[HtmlTargetElement("table", Attributes = "allo-region")]
public sealed class TableRegionTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.RemoveAll("allo-region");
        var id = output.Attributes["id"]?.Value?.ToString()
            ?? throw new InvalidOperationException("A table with allo-region needs an id, and its caption the id \"{id}-caption\".");
        output.PreElement.AppendHtml($"<div class=\"allo-table-region\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{System.Net.WebUtility.HtmlEncode(id)}-caption\">");
        output.PostElement.AppendHtml("</div>");
    }
}
