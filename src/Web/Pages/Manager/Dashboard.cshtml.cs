using Allo.Web.Infrastructure;
using Allo.Scheduler.Managers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Pages.Manager;

/// <summary>Whom the service reaches and whom it misses, per day or per week, with charts and their tables.</summary>
public sealed class DashboardModel(Dashboard dashboard, Agent.AgentTime time, IStringLocalizer text) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "from")]
    public string? FromText { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "to")]
    public string? ToText { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "by")]
    public string? By { get; set; }

    public LocalDate From { get; private set; }
    public LocalDate To { get; private set; }
    public Grouping Grouping { get; private set; }
    public IReadOnlyList<PeriodFigures> Periods { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var today = time.Today;
        Grouping = By == "week" ? Grouping.Week : Grouping.Day;
        From = ModelState.ReadDate(FromText, "from", text, today) ?? today.PlusDays(Grouping == Grouping.Week ? -55 : -13);
        To = ModelState.ReadDate(ToText, "to", text, today) ?? today;
        if (ModelState.IsValid && To < From)
        {
            ModelState.AddModelError("to", text["Manager.Error.ToBeforeFrom"]);
        }
        if (ModelState.IsValid && Period.Between(From, To, PeriodUnits.Days).Days >= Dashboard.MaxDays)
        {
            ModelState.AddModelError("to", text["Manager.Error.TooLong", Dashboard.MaxDays]);
        }
        if (!ModelState.IsValid)
        {
            From = today.PlusDays(-13);
            To = today;
            Grouping = Grouping.Day;
        }
        FromText ??= LocalDatePattern.Iso.Format(From);
        ToText ??= LocalDatePattern.Iso.Format(To);
        Periods = await dashboard.FiguresAsync(From, To, Grouping, HttpContext.RequestAborted);
    }

    public string Label(PeriodFigures p) => Grouping == Grouping.Day
        ? p.Start.ToString("d/M", null)
        : text["Manager.WeekOf", p.Start.ToString("d/M", null)];

    /// <summary>"80%" in English and Dutch, "80 %" in French and German: the page's own language's way.</summary>
    public static string Percent(int part, int whole) =>
        whole == 0 ? "–" : Math.Round((double)part / whole, 2).ToString("P0", System.Globalization.CultureInfo.CurrentCulture);
}
