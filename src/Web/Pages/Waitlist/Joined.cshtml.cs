using Allo.Scheduler.Messaging;
using Allo.Scheduler.Waitlist;

namespace Allo.Web.Pages.Waitlist;

/// <summary>Shown once after joining: the place is kept, how an offer will reach them, and the entry's private link.</summary>
public sealed class JoinedModel(WaitlistService waitlist, MessagingSettings settings) : WaitlistPageModel(waitlist)
{
    public string ManageUrl => Manage.ManageLink.Absolute(Url, settings, "/Waitlist/Index", Entry, Token!);

    public void OnGet()
    {
    }
}
