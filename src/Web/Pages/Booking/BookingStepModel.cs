using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Allo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Allo.Web.Pages.Booking;

/// <summary>
/// One step of the booking flow. Loads the draft, sends the citizen back to the first
/// unanswered step if they arrive out of order, and knows where "continue" and "back" go,
/// including back to the check-answers page when they came from a "Change" link. "When" is two
/// pages, a day then a time on it (/Booking/When, /Booking/Time), that answer the one step.
/// </summary>
public abstract class BookingStepModel(DraftStore drafts) : PageModel
{
    public static readonly string[] Steps = ["/Booking/When", "/Booking/Phone", "/Booking/Details", "/Booking/Needs", "/Booking/Check"];

    /// <summary>Joining the waitlist asks the same questions, with the wish for "when" and its own check page.</summary>
    public static readonly string[] WaitlistSteps = ["/Waitlist/Join", "/Booking/Phone", "/Booking/Details", "/Booking/Needs", "/Waitlist/Check"];

    private static string[] StepsOf(BookingDraft draft) => draft.JoiningWaitlist ? WaitlistSteps : Steps;

    /// <summary>A step's place, the same in both flows.</summary>
    private static int Position(string step) => Math.Max(Array.IndexOf(Steps, step), Array.IndexOf(WaitlistSteps, step));

    /// <summary>The check-answers page this draft ends on.</summary>
    protected string CheckPage => StepsOf(Draft)[^1];

    [BindProperty(SupportsGet = true, Name = "change")]
    public string? ChangeText { get; set; }

    /// <summary>The citizen came from a "Change" link on the check-answers page.</summary>
    public bool ReturnToCheck => FieldErrors.ReadFlag(ChangeText);

    public BookingDraft Draft { get; private set; } = new();

    protected abstract string ThisStep { get; }

    public string BackUrl => ReturnToCheck
        ? Url.Page(CheckPage)!
        : Url.Page(Position(ThisStep) is var i && i > 0 ? StepsOf(Draft)[i - 1] : "/Booking/Start")!;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Draft = drafts.Read(HttpContext);
        var missing = FirstUnanswered(Draft);
        if (missing is not null && Position(missing) < Position(ThisStep))
        {
            context.Result = RedirectToPage(missing);
        }
    }

    protected IActionResult SaveAndContinue(BookingDraft draft)
    {
        drafts.Write(HttpContext, draft);
        // The next page sends the citizen further back if an earlier answer is still missing.
        return RedirectToPage(ReturnToCheck ? StepsOf(draft)[^1] : StepsOf(draft)[Position(ThisStep) + 1]);
    }

    protected RedirectToPageResult SaveAndGo(BookingDraft draft, string page, object? values = null)
    {
        drafts.Write(HttpContext, draft);
        return RedirectToPage(page, values);
    }

    protected void ClearDraft() => drafts.Clear(HttpContext);

    /// <summary>
    /// Someone else took the time just before the booking was made: the citizen chooses again among
    /// the times left on that day, told why, and then comes straight back to the check page.
    /// </summary>
    protected RedirectToPageResult ChooseAnotherTime(DateTimeZone zone) =>
        SlotTimes.TryParse(Draft.SlotStart, out var start)
            ? SaveAndGo(Draft with { SlotStart = null }, "/Booking/Time", new { day = SlotDays.Format(start.InZone(zone).Date), taken = true, change = true })
            : SaveAndGo(Draft with { SlotStart = null }, "/Booking/When");

    /// <summary>
    /// Once the citizen has said what helps them, only times long enough for their call are offered,
    /// and for a relay call only times when the relay service is open.
    /// </summary>
    protected (int SlotCount, CallbackMode Callback) CallFor(BookingService bookings) =>
        Draft.Plan(bookings, JsonStringLocalizer.CurrentLanguage) is { } plan ? (plan.Slots.Value, plan.Callback.Value) : (1, CallbackMode.Voice);

    private static string? FirstUnanswered(BookingDraft d) =>
        (d.JoiningWaitlist ? d.Wish is null : d.SlotStart is null) ? StepsOf(d)[0]
        : d.Phone is null ? StepsOf(d)[1]
        : !d.DetailsAnswered ? StepsOf(d)[2]
        : !d.NeedsAnswered ? StepsOf(d)[3]
        : null;
}
