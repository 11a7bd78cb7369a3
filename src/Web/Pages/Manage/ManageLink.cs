using Allo.Scheduler.Messaging;
using Microsoft.AspNetCore.Mvc;

namespace Allo.Web.Pages.Manage;

using Booking = Allo.Domain.Bookings.Booking;

/// <summary>The citizen's private links. The token travels in the query string and is never logged or stored in clear.</summary>
public static class ManageLink
{
    /// <summary>A link within the site, relative to it.</summary>
    public static string To(IUrlHelper url, string page, Booking booking, string token, object? extra = null) =>
        url.Page(page, Values(booking, token, extra))!;

    /// <summary>The link a citizen keeps (shown on the confirmation, put in the calendar file): under Allo:PublicBaseUrl.</summary>
    public static string Absolute(IUrlHelper url, MessagingSettings settings, string page, Booking booking, string token) =>
        settings.Link(To(url, page, booking, token)).ToString();

    /// <summary>A waitlist entry's private link (see it, leave the list), within the site.</summary>
    public static string To(IUrlHelper url, string page, Allo.Domain.Waitlist.WaitlistEntry entry, string token) =>
        url.Page(page, new { id = entry.Id, token })!;

    /// <summary>The waitlist entry's link the citizen keeps, under Allo:PublicBaseUrl.</summary>
    public static string Absolute(IUrlHelper url, MessagingSettings settings, string page, Allo.Domain.Waitlist.WaitlistEntry entry, string token) =>
        settings.Link(To(url, page, entry, token)).ToString();

    private static RouteValueDictionary Values(Booking booking, string token, object? extra) =>
        new(extra) { ["ref"] = booking.Reference, ["token"] = token };
}
