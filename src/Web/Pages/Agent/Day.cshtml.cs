using System.Security.Cryptography;
using Allo.Domain.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Pages.Agent;

/// <summary>
/// An agent's day: the callbacks they hold and every try they recorded; the address of their private
/// calendar feed; and their own phone number, which click-to-call rings.
/// </summary>
public sealed class DayModel(CallQueue queue, UserManager<StaffUser> users, AgentTime time, IStringLocalizer text, MessagingSettings settings, AccessLog accessLog) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "date")]
    public string? DateText { get; set; }

    [BindProperty(Name = "phone")]
    public string? Phone { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public AgentDay Day { get; private set; } = null!;

    public Uri? FeedUrl { get; private set; }

    public string? CurrentPhone { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>A new feed address; the old one stops working at once (for a lost phone, say).</summary>
    public async Task<IActionResult> OnPostFeedAsync()
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in staff member not found.");
        me.CalendarFeedToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await users.UpdateAsync(me);
        Notice = "feed";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPhoneAsync()
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in staff member not found.");
        if (string.IsNullOrWhiteSpace(Phone))
        {
            me.PhoneNumber = null;
        }
        else if (PhoneNumber.TryParse(Phone, out var phone) is var problem && problem != PhoneProblem.None)
        {
            ModelState.AddModelError("phone", text[problem == PhoneProblem.Missing ? "Error.Phone.Missing" : "Error.Phone.Invalid"]);
            await LoadAsync();
            return Page();
        }
        else
        {
            me.PhoneNumber = phone!.E164;
        }
        await users.UpdateAsync(me);
        Notice = "phone";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var date = ModelState.ReadDate(DateText, "date", text, time.Today) ?? time.Today;
        Day = await queue.DayAsync(User.StaffId(), date, HttpContext.RequestAborted);
        // The notes are the agent's words about the citizen: personal data, like a queue row's interpreter language.
        await accessLog.RecordAsync(User.StaffId(), AccessReason.Claim,
            PersonalData.ShownIn(Day.Holding).Concat(Day.Done.Where(d => d.Record.Note is not null).Select(d => (d.Record.BookingId, d.Reference))),
            HttpContext.RequestAborted);
        var me = await users.GetUserAsync(User);
        CurrentPhone = me?.PhoneNumber;
        Phone ??= CurrentPhone;
        FeedUrl = me?.CalendarFeedToken is { } token ? settings.Link($"agent/calendar/{token}.ics") : null;
    }
}
