using Allo.Domain;
using Allo.Domain.Feedback;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Manager;

/// <summary>The citizens' feedback, newest first: filters, text search, "handled", and the same selection as CSV.</summary>
public sealed class FeedbackModel(FeedbackReview review, UserManager<StaffUser> users, IClock clock, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "agent")] public string? Agent { get; set; }
    [BindProperty(SupportsGet = true, Name = "source")] public string? Source { get; set; }
    [BindProperty(SupportsGet = true, Name = "language")] public string? LanguageCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "need")] public string? Need { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<FeedbackRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<string, string> Agents { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        Agents = await AgentNamesAsync();
        var filter = Filter();
        if (ModelState.IsValid)
        {
            (Rows, Total) = await review.ListAsync(filter, PageNumber, HttpContext.RequestAborted);
        }
        return Page();
    }

    /// <summary>GET /manager/feedback?handler=csv&amp;…: everything the filters select, for a spreadsheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var filter = Filter();
        if (!ModelState.IsValid)
        {
            Agents = await AgentNamesAsync();
            return Page();
        }
        var names = await AgentNamesAsync();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"allo-feedback-{clock.GetCurrentInstant().InUtc().Date:yyyy-MM-dd}.csv\"";
        Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await review.WriteCsvAsync(filter, names, writer, HttpContext.RequestAborted);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostHandledAsync(Guid id)
    {
        await review.MarkHandledAsync(id, User.StaffId(), clock.GetCurrentInstant(), HttpContext.RequestAborted);
        return Redirect("/manager/feedback" + Query(PageNumber));
    }

    /// <summary>The current filters as a query string ("?from=…&amp;page=2"), for links and redirects.</summary>
    public string Query(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["from"] = From, ["to"] = To, ["agent"] = Agent, ["source"] = Source, ["language"] = LanguageCode,
        ["need"] = Need, ["q"] = Search, ["state"] = State, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).Value ?? "";

    private FeedbackFilter Filter()
    {
        var from = ModelState.ReadDate(From, "from", text);
        var to = ModelState.ReadDate(To, "to", text);
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError("to", text["Manager.Error.ToBeforeFrom"]);
        }
        return new FeedbackFilter
        {
            From = from,
            To = to,
            AgentId = string.IsNullOrEmpty(Agent) ? null : Agent,
            Source = Enum.TryParse<FeedbackSource>(Source, out var source) ? source : null,
            Language = Languages.TryParse(LanguageCode, out var language) ? language : null,
            Need = NeedNames.All.Append(NeedNames.None).Contains(Need) ? Need : null,
            Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim()[..Math.Min(Search.Trim().Length, 100)],
            Handled = State switch { "handled" => true, "open" => false, _ => null },
        };
    }

    private async Task<IReadOnlyDictionary<string, string>> AgentNamesAsync() =>
        await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToDictionaryAsync(u => u.Id, u => u.DisplayName, HttpContext.RequestAborted);
}
