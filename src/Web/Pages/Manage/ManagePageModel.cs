using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Manage;

using Booking = Allo.Domain.Bookings.Booking;

/// <summary>
/// A page behind the private manage link. The booking is loaded once for every handler; a
/// wrong or missing token answers 404, exactly as if the booking did not exist. The token is in
/// the address of every such page, so no cache may keep one.
/// </summary>
[NoStore]
public abstract class ManagePageModel(BookingService bookings) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ref")]
    public string? Reference { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public Booking Booking { get; private set; } = null!;

    protected BookingService Bookings => bookings;

    public string LinkTo(string page, object? extra = null) => ManageLink.To(Url, page, Booking, Token!, extra);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var booking = await bookings.FindAsync(Reference, Token, HttpContext.RequestAborted);
        if (booking is null)
        {
            context.Result = NotFound();
            return;
        }
        Booking = booking;
        await next();
    }
}
