using Allo.Domain.Feedback;
using Allo.Scheduler.Feedback;
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

    [BindProperty(Name = "rating")]
    public int? Rating { get; set; }

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
        if (Rating is null or < 1 or > 5)
        {
            ModelState.AddModelError("rating", text["Error.Feedback.Rating"]);
        }
        if (Words?.Length > FeedbackReply.WordsMaxLength)
        {
            ModelState.AddModelError("words", text["Error.Feedback.TooLong", FeedbackReply.WordsMaxLength]);
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
