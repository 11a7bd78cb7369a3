using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Texting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Web.Pages.Dev;

/// <summary>
/// The phone simulator: a person plays the citizen's phone in the browser. What they type goes through
/// the same conversation code as Twilio's webhook; what the service sends that number (replies, and
/// the outbox's texts and calls) shows as the phone would show it. Only where the dev outbox is open.
/// </summary>
public sealed class PhoneModel(AlloDbContext db, TextConversations conversations) : PageModel
{
    public const string DefaultNumber = "+32470000099";

    public sealed record Bubble(Instant At, bool FromCitizen, string Text, string? Label);

    [BindProperty(SupportsGet = true, Name = "number")]
    public string? Number { get; set; }

    [BindProperty(Name = "body")]
    public string? Body { get; set; }

    public string E164 { get; private set; } = DefaultNumber;

    public IReadOnlyList<Bubble> Thread { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DevOutbox.IsOpen(HttpContext.RequestServices))
        {
            return NotFound();
        }
        if (!Resolve())
        {
            return Page();
        }
        var texts = await db.InboundTexts.AsNoTracking().Where(t => t.From == E164).OrderByDescending(t => t.ReceivedAt).Take(100).ToListAsync(ct);
        var sent = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.To == E164 && m.SentAt != null)
            .OrderByDescending(m => m.SentAt).Take(100).ToListAsync(ct);
        Thread = texts.SelectMany(t => new[]
            {
                new Bubble(t.ReceivedAt, true, t.Body ?? "", null),
                new Bubble(t.ReceivedAt, false, t.Reply ?? "", "reply"),
            })
            .Concat(sent.Select(m => new Bubble(m.SentAt!.Value, false, m.Body ?? "", $"{m.Kind} by {m.Channel}")))
            .OrderBy(b => b.At).ThenBy(b => b.FromCitizen ? 0 : 1)
            .ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!DevOutbox.IsOpen(HttpContext.RequestServices))
        {
            return NotFound();
        }
        if (!Resolve())
        {
            return Page();
        }
        if (string.IsNullOrWhiteSpace(Body))
        {
            ModelState.AddModelError("body", "Type a message to send");
            return Page();
        }
        await conversations.HandleAsync($"SIM{Guid.NewGuid():N}", E164, Body, ct);
        return Redirect($"/dev/phone?number={Uri.EscapeDataString(E164)}");
    }

    private bool Resolve()
    {
        if (string.IsNullOrWhiteSpace(Number))
        {
            E164 = DefaultNumber;
            return true;
        }
        if (PhoneNumber.TryParse(Number, out var phone) != PhoneProblem.None)
        {
            ModelState.AddModelError("number", "Enter a Belgian mobile number, like 0470 12 34 56");
            return false;
        }
        E164 = phone!.E164;
        return true;
    }
}
