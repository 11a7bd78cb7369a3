using System.Globalization;
using Allo.Domain;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;
using Allo.Web.Infrastructure;

namespace Allo.Web.Pages.Manager;

/// <summary>
/// Agents on shift per weekday and hour (and of them, who speak each language), closures and extra capacity for date ranges, and every slot a
/// change leaves with more calls than seats, each call with a way to move it.
/// </summary>
public sealed class CapacityModel(CapacityPlanning planning, BookingService bookings, IClock clock, IStringLocalizer text) : PageModel
{
    [TempData] public string? Notice { get; set; }
    [TempData] public string? NoticeDetail { get; set; }

    /// <summary>Which grid the page shows and saves: the agents on shift, or those who speak a language ("de").</summary>
    [BindProperty(SupportsGet = true, Name = "grid")] public string? GridText { get; set; }

    [BindProperty(Name = "kind")] public string? Kind { get; set; }
    [BindProperty(Name = "from")] public string? From { get; set; }
    [BindProperty(Name = "to")] public string? To { get; set; }
    [BindProperty(Name = "extra")] public string? Extra { get; set; }
    [BindProperty(Name = "extraLanguages")] public List<string> ExtraLanguages { get; set; } = [];
    [BindProperty(Name = "reason")] public string? Reason { get; set; }

    public IReadOnlyList<(IsoDayOfWeek Day, IReadOnlyList<int> Hours)> Grid { get; private set; } = [];
    public CapacityTable Table { get; private set; } = null!;
    public IReadOnlyList<CapacityAdjustment> Adjustments { get; private set; } = [];
    public IReadOnlyList<OverfullSlot> Overfull { get; private set; } = [];
    /// <summary>What the manager typed in the grid, shown again when a cell is wrong.</summary>
    public Dictionary<string, string> Typed { get; } = [];

    public static string Cell(IsoDayOfWeek day, int hour) => $"agents-{day}-{hour}";

    /// <summary>The language whose speakers the grid shows; null for all agents on shift (also for a "grid" that is no language of ours).</summary>
    public Language? GridLanguage => GridText is not null && GridText.Length <= 10 && Languages.TryParse(GridText, out var language) ? language : null;

    /// <summary>What the grid shows in a cell: the hour's agents, or those of them who speak the grid's language.</summary>
    public int Weekly(IsoDayOfWeek day, int hour) =>
        GridLanguage is { } language ? Table.WeeklySpeakers(day, hour, language) : Table.WeeklyAgents(day, hour);

    public string GridCode => GridLanguage?.Code() ?? "all";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostWeekAsync()
    {
        Grid = planning.OpenHours();
        var values = new Dictionary<(IsoDayOfWeek, int), int>();
        foreach (var (day, hours) in Grid)
        {
            foreach (var hour in hours)
            {
                var name = Cell(day, hour);
                var typed = Request.Form[name].ToString().Trim();
                Typed[name] = typed;
                if (int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var agents) && agents <= CapacityPlanning.MaxAgents)
                {
                    values[(day, hour)] = agents;
                }
                else
                {
                    ModelState.AddModelError(name, text["Manager.Capacity.Error.Agents", text[$"Manager.Day.{day}"], hour, CapacityPlanning.MaxAgents]);
                }
            }
        }
        if (GridLanguage is { } language)
        {
            return await SaveSpeakersAsync(language, values);
        }
        if (!ModelState.IsValid || !await planning.SaveWeekAsync(values, HttpContext.RequestAborted))
        {
            await LoadAsync(keepTyped: true);
            return Page();
        }
        Notice = "week";
        return RedirectToPage();
    }

    /// <summary>The grid of one language: each hour from 0 to its agents on shift, or nothing is saved.</summary>
    private async Task<IActionResult> SaveSpeakersAsync(Language language, Dictionary<(IsoDayOfWeek Day, int Hour), int> values)
    {
        if (ModelState.IsValid && await planning.SaveSpeakersAsync(language, values, HttpContext.RequestAborted) is { } refused)
        {
            foreach (var ((day, hour), most) in refused.OrderBy(r => r.Key.Day).ThenBy(r => r.Key.Hour))
            {
                ModelState.AddModelError(Cell(day, hour), text["Manager.Capacity.Error.Speakers", text[$"Manager.Day.{day}"], hour, most]);
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(keepTyped: true);
            return Page();
        }
        Notice = "speakers";
        NoticeDetail = $"|{text[$"Language.{language}.Name"]}";
        return RedirectToPage(new { grid = language.Code() });
    }

    public async Task<IActionResult> OnPostAdjustAsync()
    {
        if (Kind is not ("Closed" or "Extra"))
        {
            ModelState.AddModelError("kind", text["Manager.Capacity.Error.Kind"]);
        }
        var today = planning.Today;
        var from = ModelState.ReadDate(From, "from", text, today);
        var to = ModelState.ReadDate(To, "to", text, today);
        if (string.IsNullOrWhiteSpace(From))
        {
            ModelState.AddModelError("from", text["Manager.Error.Date"]);
        }
        if (string.IsNullOrWhiteSpace(To))
        {
            ModelState.AddModelError("to", text["Manager.Error.Date"]);
        }
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError("to", text["Manager.Error.ToBeforeFrom"]);
        }
        if (from is not null && from < today)
        {
            ModelState.AddModelError("from", text["Manager.Capacity.Error.Past"]);
        }
        var extra = 0;
        if (Kind == "Extra" && (!int.TryParse(Extra, NumberStyles.None, CultureInfo.InvariantCulture, out extra) || extra is < 1 or > CapacityAdjustment.MaxExtraAgents))
        {
            ModelState.AddModelError("extra", text["Manager.Capacity.Error.Extra", CapacityAdjustment.MaxExtraAgents]);
        }
        var speaking = Languages.All.Where(l => ExtraLanguages.Contains(l.Code())).ToList();
        if (Kind == "Extra" && (speaking.Count == 0 || speaking.Count != ExtraLanguages.Distinct().Count()))
        {
            ModelState.AddModelError("extraLanguages", text["Manager.Capacity.Error.ExtraLanguages"]);
        }
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > 200)
        {
            ModelState.AddModelError("reason", text["Manager.Capacity.Error.Reason"]);
        }
        else
        {
            ModelState.CheckText(Reason, "reason", text);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var now = clock.GetCurrentInstant();
        await planning.AddAsync(Kind == "Closed"
            ? CapacityAdjustment.Close(from!.Value, to!.Value, Reason!, now)
            : CapacityAdjustment.AddAgents(from!.Value, to!.Value, extra, speaking, Reason!, now), HttpContext.RequestAborted);
        Notice = "adjusted";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        if (!await planning.RemoveAsync(id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Notice = "removed";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id)
    {
        switch (await bookings.MoveToNextFreeAsync(id, HttpContext.RequestAborted))
        {
            case BookingOutcome.Done done:
                Notice = "moved";
                NoticeDetail = $"{done.Booking.Reference}|{CitizenTime(done.Booking.SlotStart)}";
                break;
            default:
                Notice = "not-moved";
                break;
        }
        return RedirectToPage();
    }

    public string CitizenTime(Instant instant) => Localization.CitizenCulture.DateAndTime(instant, planning.Zone, text);

    private async Task LoadAsync(bool keepTyped = false)
    {
        Grid = planning.OpenHours();
        Table = await planning.TableAsync(HttpContext.RequestAborted);
        Adjustments = await planning.AdjustmentsAsync(HttpContext.RequestAborted);
        Overfull = await planning.OverfullAsync(HttpContext.RequestAborted);
        if (!keepTyped)
        {
            Typed.Clear();
        }
    }
}
