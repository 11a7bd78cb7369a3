using Allo.Domain.Slots;
using Allo.Domain.Waitlist;
using Allo.Web.Pages.Booking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Waitlist;

/// <summary>
/// "None of these times suit me": the wish (first and last day, morning and/or afternoon). It answers
/// the booking flow's "when" step, and the same phone, details and needs pages follow, ending on the
/// waitlist's check page.
/// </summary>
public sealed class JoinModel(DraftStore drafts, SlotCalendar calendar, IClock clock, IStringLocalizer text) : BookingStepModel(drafts)
{
    protected override string ThisStep => "/Waitlist/Join";

    [BindProperty(Name = "firstDay")]
    public string? FirstDay { get; set; }

    [BindProperty(Name = "lastDay")]
    public string? LastDay { get; set; }

    [BindProperty(Name = "parts")]
    public List<string?>? Parts { get; set; }

    public IReadOnlyList<LocalDate> Days { get; private set; } = [];

    public DayParts Ticked => WishDays.ReadParts(Parts);

    public void OnGet()
    {
        Days = WishDays.Open(calendar, clock.GetCurrentInstant());
        if (Draft.Wish is { } wish)
        {
            (FirstDay, LastDay) = (wish.FirstDay, wish.LastDay);
            Parts = [.. Enum.GetValues<DayParts>().Where(p => p is DayParts.Morning or DayParts.Afternoon && wish.Parts.HasFlag(p)).Select(p => p.ToString())];
        }
    }

    public IActionResult OnPost()
    {
        var now = clock.GetCurrentInstant();
        Days = WishDays.Open(calendar, now);
        var first = WishDays.Read(FirstDay, Days);
        var last = WishDays.Read(LastDay, Days);
        ModelState.Clear();
        if (first is null)
        {
            ModelState.AddModelError("firstDay", text["Error.Waitlist.FirstDay"]);
        }
        if (last is null)
        {
            ModelState.AddModelError("lastDay", text["Error.Waitlist.LastDay"]);
        }
        var problem = first is { } f && last is { } l ? WaitlistEntry.CheckWish(calendar, now, f, l, Ticked) : null;
        if (problem is WaitlistProblem.DaysReversed or WaitlistProblem.DaysOutsideHorizon)
        {
            ModelState.AddModelError("lastDay", text[$"Error.Waitlist.{problem}"]);
        }
        if (Ticked == DayParts.None)
        {
            ModelState.AddModelError("parts", text["Error.Waitlist.NoPartOfDay"]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var wish = new WaitlistWish(WishDays.Format(first!.Value), WishDays.Format(last!.Value), Ticked);
        return SaveAndContinue(Draft with { JoiningWaitlist = true, Wish = wish, SlotStart = null });
    }
}
