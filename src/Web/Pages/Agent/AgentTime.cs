using Allo.Domain.Slots;
using Allo.Web.Localization;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Agent;

/// <summary>Times on the agents' pages: "10:15" today, the date and time otherwise, always in Brussels time.</summary>
public sealed class AgentTime(SlotCalendar calendar, IClock clock, IStringLocalizer text)
{
    public LocalDate Today => calendar.Today(clock.GetCurrentInstant());

    public Instant Now => clock.GetCurrentInstant();

    public string Short(Instant instant)
    {
        var local = instant.InZone(calendar.Zone);
        return local.Date == Today ? CitizenCulture.Time(local.TimeOfDay) : CitizenCulture.DateAndTime(instant, calendar.Zone, text);
    }

    public string Clock(Instant instant) => CitizenCulture.Time(instant.InZone(calendar.Zone).TimeOfDay);

    /// <summary>"12 min" since <paramref name="since"/>, for how long a citizen has been waiting.</summary>
    public string Waiting(Instant since) => string.Format(text["Agent.Minutes"], Math.Max(0, (int)(Now - since).TotalMinutes));
}
