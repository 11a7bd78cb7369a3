using Allo.Domain.Waitlist;
using Allo.Scheduler.Waitlist;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Waitlist;

/// <summary>
/// A page behind a waitlist entry's private link, like a booking's (<see cref="Manage.ManagePageModel"/>):
/// a wrong or missing token answers 404 exactly as an unknown entry, and no cache may keep the page.
/// </summary>
[NoStore]
public abstract class WaitlistPageModel(WaitlistService waitlist) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public WaitlistEntry Entry { get; private set; } = null!;

    protected WaitlistService Waitlist => waitlist;

    public string LinkTo(string page) => Manage.ManageLink.To(Url, page, Entry, Token!);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var entry = ModelState.IsValid ? await waitlist.FindAsync(Id, Token, HttpContext.RequestAborted) : null;
        if (entry is null)
        {
            context.Result = NotFound();
            return;
        }
        Entry = entry;
        await next();
    }
}
