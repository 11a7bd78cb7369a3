using Allo.Domain.Calls;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Privacy;
using Allo.Web.Infrastructure;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Allo.Web.Pages.Agent;

/// <summary>The citizen asks, on the phone, for another time: the agent who holds the call picks it with them.</summary>
public sealed class AnotherTimeModel(CallQueue queue, BookingService bookings, IClock clock, IStringLocalizer text, AccessLog accessLog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "week")]
    public string? WeekText { get; set; }

    public int Week => FieldErrors.ReadNumber(WeekText);

    [BindProperty(Name = "slotStart")]
    public string? SlotStart { get; set; }

    [BindProperty(Name = "note")]
    public string? Note { get; set; }

    public CallbackDetails Details { get; private set; } = null!;

    public SlotPickerModel Picker { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var details = await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted);
        if (details is null)
        {
            return NotFound();
        }
        if (!details.Mine || !details.Booking.IsActive)
        {
            return Redirect($"/agent/callbacks/{Id}");
        }
        Details = details;
        await LoadPickerAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Note?.Length > CallRecord.NoteMaxLength)
        {
            ModelState.AddModelError("note", text["Agent.Error.NoteTooLong", CallRecord.NoteMaxLength]);
        }
        else if (ModelState.CheckText(Note, "note", text, multiline: true))
        {
            var outcome = await bookings.RescheduleAsync(Id, User.StaffId(), Note, SlotStart, HttpContext.RequestAborted);
            if (outcome is BookingOutcome.Done done)
            {
                await accessLog.RecordAsync(User.StaffId(), AccessReason.Outcome, Id, done.Booking.Reference, HttpContext.RequestAborted);
                TempData["Notice"] = "recorded";
                TempData["NoticeReference"] = done.Booking.Reference;
                TempData["NoticeOutcome"] = nameof(CallOutcome.AnotherTime);
                return Redirect("/agent");
            }
            if (!ModelState.AddMoveRefusal(outcome, text, refusalPrefix: "Agent.Refused."))
            {
                return NotFound();
            }
        }
        var details = await queue.DetailsAsync(Id, User.StaffId(), HttpContext.RequestAborted);
        if (details is null)
        {
            return NotFound();
        }
        Details = details;
        await LoadPickerAsync();
        return Page();
    }

    private async Task LoadPickerAsync() =>
        Picker = await SlotWeeks.LoadAsync(bookings, clock, Week, SlotStart, ModelState.ErrorFor("slotStart"), text["Agent.AnotherTime.Title"],
            week => $"/agent/callbacks/{Id}/another-time?week={week}", Details.Booking.Language, Details.Booking.SlotCount, Details.Booking.Plan.Callback.Value);
}
