using Allo.Domain.Bookings;
using Microsoft.AspNetCore.Mvc;

namespace Allo.Web.Pages.Manage;

using Booking = Allo.Domain.Bookings.Booking;

/// <summary>The citizen's private links. The token travels in the query string and is never logged or stored in clear.</summary>
public static class ManageLink
{
    public static string To(IUrlHelper url, string page, Booking booking, string token, object? extra = null, bool absolute = false)
    {
        var values = new RouteValueDictionary(extra) { ["ref"] = booking.Reference, ["token"] = token };
        return absolute
            ? url.Page(page, pageHandler: null, values, url.ActionContext.HttpContext.Request.Scheme)!
            : url.Page(page, values)!;
    }
}
