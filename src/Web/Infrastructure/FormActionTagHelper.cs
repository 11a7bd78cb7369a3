using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Gives every form without an action its page's own path and query as the action. A form without
/// one posts to the document's address, fragment and all: after the skip link that is
/// #main-content, and the answer then scrolls there instead of letting the error summary take focus.
/// </summary>
[HtmlTargetElement("form")]
public sealed class FormActionTagHelper : TagHelper
{
    // After ASP.NET Core's own form tag helper (-1000), which writes the action of asp-page forms.
    public override int Order => 0;

    [Microsoft.AspNetCore.Mvc.ViewFeatures.ViewContext]
    [HtmlAttributeNotBound]
    public Microsoft.AspNetCore.Mvc.Rendering.ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.ContainsName("action"))
        {
            return;
        }
        var request = ViewContext.HttpContext.Request;
        var isGet = string.Equals(output.Attributes["method"]?.Value?.ToString(), "get", StringComparison.OrdinalIgnoreCase);
        // A GET form replaces the query with its fields, so its action is the path alone.
        output.Attributes.SetAttribute("action", request.PathBase + request.Path + (isGet ? "" : request.QueryString.Value));
    }
}
