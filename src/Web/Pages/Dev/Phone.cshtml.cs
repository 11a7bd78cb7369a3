using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Texting;
using Allo.Scheduler.Voice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Web.Pages.Dev;

/// <summary>
/// The phone simulator: a person plays the citizen's phone in the browser. What they type goes through
/// the same conversation code as Twilio's webhook; what the service sends that number (replies, and
/// the outbox's texts and calls) shows as the phone would show it. In call mode the person calls the
/// phone menu: its words show as text, and the keypad posts to the same menu code as Twilio's voice
/// webhook. Only where the dev outbox is open.
/// </summary>
public sealed class PhoneModel(AlloDbContext db, TextConversations conversations, VoiceConversations calls) : PageModel
{
    public const string DefaultNumber = "+32470000099";

    public sealed record Bubble(Instant At, bool FromCitizen, string Text, string? Label);

    [BindProperty(SupportsGet = true, Name = "number")]
    public string? Number { get; set; }

    [BindProperty(Name = "body")]
    public string? Body { get; set; }

    public string E164 { get; private set; } = DefaultNumber;

    public IReadOnlyList<Bubble> Thread { get; private set; } = [];

    /// <summary>The call being played (its CallSid), in call mode.</summary>
    [BindProperty(SupportsGet = true, Name = "call")]
    public string? Call { get; set; }

    /// <summary>Keys typed so far for an answer ended by #.</summary>
    [BindProperty(SupportsGet = true, Name = "typed")]
    public string? Typed { get; set; }

    [BindProperty(Name = "withheld")]
    public bool WithheldNumber { get; set; }

    /// <summary>The menu's last answer in this call and its turn, when a call is being played.</summary>
    public (int Turn, VoiceReply Reply)? Heard { get; private set; }

    public static readonly string[] Keypad = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

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
        if (Call is not null)
        {
            Heard = await calls.LatestAsync(Call, ct);
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

    /// <summary>Rings the service: the menu's first answer, as Twilio's first request would get it.</summary>
    public async Task<IActionResult> OnPostCallAsync(CancellationToken ct)
    {
        if (!DevOutbox.IsOpen(HttpContext.RequestServices))
        {
            return NotFound();
        }
        if (!Resolve())
        {
            return Page();
        }
        var sid = $"CA{Guid.NewGuid():N}";
        await calls.HandleAsync(sid, 0, WithheldNumber ? null : E164, null, ct);
        return RedirectToCall(sid, null);
    }

    /// <summary>
    /// A key of the keypad, or "say nothing" (no key). Where the menu waits for keys ended by #, the
    /// keys are gathered on the page first, as the phone would, and sent together with #.
    /// </summary>
    public async Task<IActionResult> OnPostKeyAsync(string? key, int turn, CancellationToken ct)
    {
        if (!DevOutbox.IsOpen(HttpContext.RequestServices))
        {
            return NotFound();
        }
        if (!Resolve() || Call is null || await calls.LatestAsync(Call, ct) is not { } heard || heard.Reply.Hangup)
        {
            return Redirect($"/dev/phone?number={Uri.EscapeDataString(E164)}");
        }
        key = key is { Length: 1 } && Keypad.Contains(key) ? key : null;
        if (heard.Reply.Listen == KeyInput.UntilHash && key is not null and not "#")
        {
            return RedirectToCall(Call, (Typed ?? "") + key);
        }
        var digits = heard.Reply.Listen == KeyInput.UntilHash && key == "#" ? Typed : key;
        await calls.HandleAsync(Call, turn, E164, digits, ct);
        return RedirectToCall(Call, null);
    }

    private RedirectResult RedirectToCall(string sid, string? typed) =>
        Redirect($"/dev/phone?number={Uri.EscapeDataString(E164)}&call={Uri.EscapeDataString(sid)}{(typed is null ? "" : "&typed=" + Uri.EscapeDataString(typed))}#call");

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
