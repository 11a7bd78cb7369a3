using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Allo.Web.Pages.Manage;

public sealed class CalendarModel(BookingService bookings, SlotCalendar calendar, JsonStringLocalizer text, MessagingSettings settings) : ManagePageModel(bookings)
{
    public IActionResult OnGet() =>
        new ResultActionResult(CalendarDownload.For(Booking, calendar, text, settings, ManageLink.Absolute(Url, settings, "/Manage/Index", Booking, Token!)));

    /// <summary>Lets a minimal-API result be returned from a page handler.</summary>
    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
