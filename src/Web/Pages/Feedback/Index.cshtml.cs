using Allo.Domain.Feedback;
using Allo.Scheduler.Feedback;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Feedback;

/// <summary>
/// The one question linked from the thank-you email: how well did we help, and any words. The link
/// names the call; an altered, expired or unknown link is a plain "not found".
/// </summary>
[EnableRateLimiting(Infrastructure.RateLimiting.LookupPolicy)]
public sealed class IndexModel(FeedbackLinks links, FeedbackService feedback, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The radio button chosen, "1" to "5"; read by hand so that anything else is this page's own error, in the citizen's language.</summary>
    [BindProperty(Name = "rating")]
    public string? RatingText { get; set; }

    public int? Rating => RatingText is { Length: 1 } r && r[0] is >= '1' and <= '5' ? r[0] - '0' : null;

    [BindProperty(Name = "words")]
    public string? Words { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        links.Read(Token) is { } id && await feedback.AskedAboutAsync(id, HttpContext.RequestAborted) is not null ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (links.Read(Token) is not { } id)
        {
            return NotFound();
        }
        if (Rating is null)
        {
            ModelState.AddModelError("rating", text["Error.Feedback.Rating"]);
        }
        if (Words?.Length > FeedbackReply.WordsMaxLength)
        {
            ModelState.AddModelError("words", text["Error.Feedback.TooLong", FeedbackReply.WordsMaxLength]);
        }
        else
        {
            ModelState.CheckText(Words, "words", text, multiline: true);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        return await feedback.ReceiveAsync(id, FeedbackSource.Web, FeedbackReply.From(Rating, Words), HttpContext.RequestAborted) == FeedbackResult.Saved
            ? RedirectToPage("/Feedback/Thanks")
            : NotFound();
    }
}
