using System.Text;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Calendar;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Agent;

/// <summary>
/// GET /agent/calendar/{token}.ics: the agent's private feed for calendar apps, which cannot sign in.
/// The token in the address is the only key; the agent can replace it on their day page.
/// </summary>
public static class CalendarFeed
{
    public static IEndpointRouteBuilder MapAgentCalendarFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/agent/calendar/{token}.ics", async (
            string token, UserManager<StaffUser> users, CallQueue queue, SlotCalendar calendar, IStringLocalizer text,
            MessagingSettings settings, HttpContext http) =>
        {
            if (token.Length != 64)
            {
                return Results.NotFound();
            }
            var agent = await users.Users.FirstOrDefaultAsync(u => u.CalendarFeedToken == token, http.RequestAborted);
            if (agent is null || await users.IsLockedOutAsync(agent)
                || !(await users.IsInRoleAsync(agent, StaffRoles.Agent) || await users.IsInRoleAsync(agent, StaffRoles.Manager)))
            {
                return Results.NotFound();
            }
            var (holding, done) = await queue.FeedAsync(agent.Id, http.RequestAborted);
            string Spoken(Domain.Bookings.Booking b) => BookingReference.TryParse(b.Reference, out var r) ? r.Spoken : b.Reference;
            var ics = AgentCalendarFeed.Build(
                holding,
                done,
                calendar.Zone,
                b => text["Agent.Feed.Holding", Spoken(b), text[$"Language.{b.Plan.Language.Value}.Name"]],
                (r, b) => text["Agent.Feed.Done", Spoken(b), text[$"Outcome.{r.Outcome}"]],
                id => settings.Link($"agent/callbacks/{id}"),
                settings.PublicBaseUrl.Host);
            return Results.File(Encoding.UTF8.GetBytes(ics), BookingCalendarFile.ContentType, "allo-agent.ics");
        }).AllowAnonymous().WithMetadata(new Infrastructure.NoStoreAttribute());
        return app;
    }
}
