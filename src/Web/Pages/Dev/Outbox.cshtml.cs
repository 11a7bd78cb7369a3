using Allo.Scheduler.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allo.Web.Pages.Dev;

public sealed class OutboxModel(AlloDbContext db) : PageModel
{
    public IReadOnlyList<DevOutbox.Entry> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DevOutbox.IsOpen(HttpContext.RequestServices))
        {
            return NotFound();
        }
        Messages = await DevOutbox.LatestAsync(db, ct);
        return Page();
    }
}
