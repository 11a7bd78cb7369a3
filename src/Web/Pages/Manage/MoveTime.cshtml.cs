using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Manage;

/// <summary>Moving the call, second half: a free time on the day chosen, which moves the call at once (decision 0025).</summary>
public sealed class MoveTimeModel(BookingService bookings, IClock clock, IStringLocalizer text) : ManagePageModel(bookings)
{
    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayText { get; set; }

    [BindProperty(Name = "slotStart")]
    public string? SlotStart { get; set; }

    public TimePickerModel Picker { get; private set; } = null!;

    /// <summary>Back to the day question, in the week of this day, with this day chosen.</summary>
    public string DaysUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Booking.IsActive)
        {
            return Redirect(LinkTo("/Manage/Index"));
        }
        if (SlotDays.ReadDay(DayText, Bookings, clock) is not { } day)
        {
            return Redirect(LinkTo("/Manage/Move"));
        }
        var free = await FreeTimesAsync(day);
        return free.Count == 0 ? NoTimeLeft(day) : Show(day, free);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SlotDays.ReadDay(DayText, Bookings, clock) is not { } day)
        {
            return Redirect(LinkTo("/Manage/Move"));
        }
        var problem = SlotDays.TimeProblem(SlotStart, day, await FreeTimesAsync(day), Bookings, Booking.SlotCount, Booking.Plan.Callback.Value);
        if (problem is not null)
        {
            ModelState.AddModelError("slotStart", text[problem]);
        }
        else
        {
            var outcome = await Bookings.MoveAsync(Reference, Token, SlotStart, ct);
            if (outcome is BookingOutcome.Done)
            {
                return Redirect(LinkTo("/Manage/Index", new { done = "moved" }));
            }
            if (!ModelState.AddMoveRefusal(outcome, text))
            {
                return NotFound();
            }
        }
        // What is free now, after the refusal: the time that just went is no longer among them.
        var free = await FreeTimesAsync(day);
        return free.Count == 0 ? NoTimeLeft(day) : Show(day, free);
    }

    private Task<IReadOnlyList<SlotAvailability>> FreeTimesAsync(LocalDate day) => SlotDays.FreeTimesAsync(Bookings, day, Booking.Language, Booking.SlotCount, Booking.Plan.Callback.Value);

    /// <summary>Every time of the day went meanwhile (or it never had one): the day question again, saying so.</summary>
    private RedirectResult NoTimeLeft(LocalDate day) =>
        Redirect(LinkTo("/Manage/Move", new { week = SlotDays.WeekOf(Bookings, clock, day), full = SlotDays.Format(day) }));

    private PageResult Show(LocalDate day, IReadOnlyList<SlotAvailability> free)
    {
        Picker = new TimePickerModel(day, free, null, ModelState.ErrorFor("slotStart"), Bookings.Calendar.Zone);
        DaysUrl = LinkTo("/Manage/Move", new { week = SlotDays.WeekOf(Bookings, clock, day), day = SlotDays.Format(day) });
        return Page();
    }
}
