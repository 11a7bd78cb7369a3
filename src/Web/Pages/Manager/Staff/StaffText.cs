using System.Text.Json;
using Allo.Domain.Slots;
using Allo.Scheduler.Staff;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Manager.Staff;

/// <summary>A link just made, as the team page shows it once.</summary>
public sealed record ShownLink(string Email, string Link, string Until, bool Mailed);

/// <summary>What the staff pages share: wording of the service's codes, and the links shown once.</summary>
public static class StaffText
{
    private const string LinksKey = "StaffLinks";

    public static void AddErrors(this ModelStateDictionary state, IEnumerable<StaffInputError> errors, IStringLocalizer text)
    {
        foreach (var error in errors)
        {
            state.AddModelError(error.Field, text[$"Manager.Staff.Error.{error.Field}.{error.Problem}"]);
        }
    }

    public static string Problem(StaffProblem problem, IStringLocalizer text) => text[$"Manager.Staff.Problem.{problem}"];

    public static string Skills(StaffSkills skills, IStringLocalizer text) => skills == StaffSkills.None
        ? "—"
        : string.Join(", ", Enum.GetValues<StaffSkills>().Where(s => s != StaffSkills.None && skills.HasFlag(s)).Select(s => text[$"Manager.Staff.Skill.{s}"].Value));

    public static string Languages(string codes, IStringLocalizer text) => string.IsNullOrEmpty(codes)
        ? "—"
        : string.Join(", ", codes.Split(',').Select(c => Domain.Languages.TryParse(c, out var l) ? text[$"Language.{l}.Name"].Value : c));

    public static string When(Instant? at, SlotCalendar calendar, IStringLocalizer text) =>
        at is { } instant ? CitizenCulture.DateAndTime(instant, calendar.Zone, text) : text["Manager.Staff.Never"];

    /// <summary>Kept for the next page only (TempData is read once), never in the database.</summary>
    public static void KeepLinks(this ITempDataDictionary temp, IEnumerable<IssuedLink> links, SlotCalendar calendar, IStringLocalizer text) =>
        temp[LinksKey] = JsonSerializer.Serialize(links.Select(l => new ShownLink(l.Email, l.Link.AbsoluteUri, CitizenCulture.DateAndTime(l.ExpiresAt, calendar.Zone, text), l.Mailed)).ToList());

    public static IReadOnlyList<ShownLink> TakeLinks(this ITempDataDictionary temp) =>
        temp[LinksKey] is string json ? JsonSerializer.Deserialize<List<ShownLink>>(json) ?? [] : [];

    /// <summary>The skills ticked on a form, as the service reads them.</summary>
    public static string SkillCodes(IEnumerable<string>? ticked) => string.Join(' ', ticked ?? []);
}
