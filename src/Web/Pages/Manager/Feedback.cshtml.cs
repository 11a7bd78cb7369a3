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
public sealed class FeedbackModel(FeedbackReview review, UserManager<StaffUser> users, IClock clock, Agent.AgentTime time, IStringLocalizer text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "agent")] public string? Agent { get; set; }
    [BindProperty(SupportsGet = true, Name = "source")] public string? Source { get; set; }
    [BindProperty(SupportsGet = true, Name = "language")] public string? LanguageCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "need")] public string? Need { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageText { get; set; }

    /// <summary>The page asked for; anything but a page number (a link edited by hand) is the first page.</summary>
    public int PageNumber => int.TryParse(PageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
        ? Math.Clamp(page, 1, FeedbackReview.MaxPage) : 1;

    public IReadOnlyList<FeedbackRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<string, string> Agents { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        Agents = await AgentNamesAsync();
        var filter = Filter();
        if (ModelState.IsValid)
        {
            (Rows, Total) = await review.ListAsync(filter, PageNumber, User.StaffId(), HttpContext.RequestAborted);
        }
        return Page();
    }

    /// <summary>
    /// GET /manager/feedback?handler=csv&amp;…: everything the filters select, for a spreadsheet. The
    /// filters are checked before the first byte goes out, so a refused one is the page with its error,
    /// never a file cut off half-way.
    /// </summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        Agents = await AgentNamesAsync();
        var filter = Filter();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"allo-feedback-{clock.GetCurrentInstant().InUtc().Date:yyyy-MM-dd}.csv\"";
        Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await review.WriteCsvAsync(filter, Agents, writer, User.StaffId(), HttpContext.RequestAborted);
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

    /// <summary>The filters as typed; each is checked here, so only known values and acceptable text reach the query.</summary>
    private FeedbackFilter Filter()
    {
        var today = time.Today;
        var from = ModelState.ReadDate(From, "from", text, today);
        var to = ModelState.ReadDate(To, "to", text, today);
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError("to", text["Manager.Error.ToBeforeFrom"]);
        }
        var search = string.IsNullOrWhiteSpace(Search) ? null : FreeText.Truncate(Search.Trim(), 100);
        ModelState.CheckText(search, "q", text);
        return new FeedbackFilter
        {
            From = from,
            To = to,
            // An agent is chosen from the list; an id the list does not hold filters nothing.
            AgentId = Agent is not null && Agents.ContainsKey(Agent) ? Agent : null,
            Source = Enum.TryParse<FeedbackSource>(Source, out var source) && Enum.IsDefined(source) ? source : null,
            Language = Languages.TryParse(LanguageCode, out var language) ? language : null,
            Need = NeedNames.All.Append(NeedNames.None).Contains(Need) ? Need : null,
            Search = search,
            Handled = State switch { "handled" => true, "open" => false, _ => null },
        };
    }

    private async Task<IReadOnlyDictionary<string, string>> AgentNamesAsync() =>
        await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToDictionaryAsync(u => u.Id, u => u.DisplayName, HttpContext.RequestAborted);
}
