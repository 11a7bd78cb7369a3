using System.Text.Json;
using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Microsoft.AspNetCore.DataProtection;

namespace Allo.Web.Pages.Booking;

/// <summary>
/// The answers given so far, kept in an encrypted cookie between the steps so that the flow
/// works without JavaScript and without storing anything about a citizen who does not finish.
/// </summary>
public sealed record BookingDraft
{
    public string? SlotStart { get; init; }
    public string? Phone { get; init; }
    public bool DetailsAnswered { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public bool NeedsAnswered { get; init; }
    public NeedsInput Needs { get; init; } = new();

    /// <summary>
    /// "None of these times suit me": the same questions lead to the waitlist's check page, and the
    /// wish below answers the "when" step instead of a time (choosing a time again clears it).
    /// </summary>
    public bool JoiningWaitlist { get; init; }
    public WaitlistWish? Wish { get; init; }

    /// <summary>
    /// The contact plan these answers lead to, once there are enough of them; it decides how long
    /// the call is, and the check page shows it before anything is booked. It counts only the channels
    /// refused on this form: what a number refused before is not shown to whoever types that number,
    /// and is added when the booking is made (the confirmation page shows the plan as stored).
    /// </summary>
    public ContactPlan? Plan(BookingService bookings, Language language)
    {
        if (!NeedsAnswered || Domain.Bookings.PhoneNumber.TryParse(Phone, out var phone) != Domain.Bookings.PhoneProblem.None
            || BookingFields.CheckNeeds(Needs, out var needs).Any())
        {
            return null;
        }
        return bookings.Plan(language, phone!.Kind, !string.IsNullOrWhiteSpace(Email), needs, Needs.OptedOut());
    }
}

/// <summary>The waitlist's "when": the first and last day (ISO dates) and the parts of day.</summary>
public sealed record WaitlistWish(string FirstDay, string LastDay, Domain.Waitlist.DayParts Parts);

public sealed class DraftStore(IDataProtectionProvider protection)
{
    public const string CookieName = ".Allo.Draft";
    private readonly IDataProtector _protector = protection.CreateProtector("Allo.BookingDraft.v1");

    public BookingDraft Read(HttpContext context)
    {
        var cookie = context.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(cookie))
        {
            return new BookingDraft();
        }
        try
        {
            return JsonSerializer.Deserialize<BookingDraft>(_protector.Unprotect(cookie)) ?? new BookingDraft();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            // An old or tampered cookie: start again rather than fail.
            return new BookingDraft();
        }
    }

    public void Write(HttpContext context, BookingDraft draft) =>
        context.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(draft)), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            // Secure comes from the cookie policy (ForwardedHeadersSetup), the same for every cookie.
            MaxAge = TimeSpan.FromHours(2),
        });

    public void Clear(HttpContext context) => context.Response.Cookies.Delete(CookieName);
}
