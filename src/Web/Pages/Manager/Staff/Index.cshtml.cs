using Allo.Domain.Slots;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Manager.Staff;

/// <summary>The team: every account with its status, role, languages, skills and last sign-in, and every change newest first.</summary>
[NoStore]
public sealed class IndexModel(StaffAdministration administration, SlotCalendar calendar) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<StaffMember> Members { get; private set; } = [];
    public IReadOnlyList<StaffChange> Changes { get; private set; } = [];
    /// <summary>Links made by the last action, shown this once.</summary>
    public IReadOnlyList<ShownLink> Links { get; private set; } = [];
    public SlotCalendar Calendar => calendar;

    public async Task OnGetAsync()
    {
        Links = TempData.TakeLinks();
        Members = await administration.ListAsync(HttpContext.RequestAborted);
        Changes = await administration.ChangesAsync(ct: HttpContext.RequestAborted);
    }
}
