using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;

namespace Allo.Web.Api;

/// <summary>What the API reads and writes. The OpenAPI document's schemas are generated from these records.</summary>
public static partial class BookingApi
{
    /// <summary>A time a call can start, when it would end, and how many more calls of that length fit.</summary>
    /// <param name="Start">ISO 8601 with the Brussels offset, for example 2026-12-02T10:00:00+01:00.</param>
    /// <param name="End">When a call of the asked length that starts then ends.</param>
    /// <param name="SeatsLeft">How many more such calls still fit (always at least 1 in a list of free times).</param>
    public sealed record SlotDto(string Start, string End, int SeatsLeft);

    /// <summary>A booking to make.</summary>
    /// <param name="SlotStart">A free time from <c>GET /api/v1/slots</c>, as listed there.</param>
    /// <param name="Phone">The number the agent calls, Belgian or international (+32 470 12 34 56, 0470 12 34 56).</param>
    /// <param name="Language">nl, fr, de or en: the language of the call and of every message.</param>
    /// <param name="Name">How the agent addresses the citizen; optional.</param>
    /// <param name="Email">For the confirmation with its calendar file, and a channel for reminders; optional.</param>
    /// <param name="Needs">What would help; everything false when left out.</param>
    /// <param name="OptedOut">Channels the citizen refuses, as in <c>POST /api/v1/contact-plans</c>; recorded for their number and address.</param>
    public sealed record BookingRequest(string? SlotStart, string? Phone, string? Language, string? Name, string? Email, NeedsDto? Needs, Channel[]? OptedOut = null);

    /// <summary>What would help the citizen; each need changes the contact plan (its reasons say how).</summary>
    /// <param name="OtherLanguage">A language the citizen speaks better than nl, fr, de or en: the call gets an interpreter.</param>
    /// <param name="Proxy">Someone who receives the messages, and takes the call if <c>takesCall</c>.</param>
    /// <param name="Partner">
    /// A joint return: the name (up to 100 characters, nothing else about them) of the married or legally
    /// cohabiting partner who is on the same call; the call takes one slot more (rule <c>slots.joint-return</c>).
    /// </param>
    public sealed record NeedsDto(
        bool Hearing = false, bool Sight = false, bool Reading = false, bool MoreTime = false, bool Speech = false,
        string? OtherLanguage = null, bool PrefersCall = false, bool PrefersText = false, ProxyDto? Proxy = null, string? Partner = null)
    {
        public NeedsInput ToInput() => new()
        {
            Hearing = Hearing,
            Sight = Sight,
            Reading = Reading,
            MoreTime = MoreTime,
            Speech = Speech,
            OtherLanguage = OtherLanguage is not null,
            OtherLanguageName = OtherLanguage,
            PrefersCall = PrefersCall,
            PrefersText = PrefersText,
            Proxy = Proxy is not null,
            ProxyName = Proxy?.Name,
            ProxyPhone = Proxy?.Phone,
            ProxyTakesCall = Proxy?.TakesCall ?? false,
            JointReturn = Partner is not null,
            PartnerName = Partner,
        };

        public static NeedsDto From(Domain.Bookings.Needs needs) => new(
            needs.Hearing, needs.Sight, needs.Reading, needs.MoreTime, needs.Speech, needs.OtherLanguage, needs.PrefersCall, needs.PrefersText,
            needs.Proxy is null ? null : new ProxyDto(needs.Proxy.Name, needs.Proxy.Phone.E164, needs.Proxy.TakesCall), needs.PartnerName);
    }

    /// <summary>A person the citizen trusts, with their consent.</summary>
    public sealed record ProxyDto(string? Name, string? Phone, bool TakesCall = false);

    /// <summary>A profile to run the contact rules on; nothing is booked or stored.</summary>
    public sealed record ContactPlanRequest(string? Phone, string? Language, string? Email, NeedsDto? Needs, Channel[]? OptedOut);

    /// <summary>Where to move a booking.</summary>
    /// <param name="SlotStart">A free time from <c>GET /api/v1/slots</c> (with <c>length</c> the plan's slots).</param>
    public sealed record RescheduleRequest(string? SlotStart);

    /// <summary>A booking as the API shows it.</summary>
    /// <param name="Reference">Six characters, read out as K7M-4QX.</param>
    /// <param name="ManageToken">Only in the answer that made the booking (and its idempotent replays): keep it, it is the only key to the booking.</param>
    /// <param name="Status">Booked, Queued, Helped, Unreached, WrongNumber, NeedsFollowUp, Cancelled or NotCalled (the day ended before anyone called).</param>
    /// <param name="PhoneKind">Mobile, Landline or Unknown: whether text messages can reach the number.</param>
    /// <param name="Sequence">Raised by every change; the ETag, and If-Match's value.</param>
    public sealed record BookingDto(
        string Reference, string? ManageToken, string Start, string End, string Status, string Language,
        string Phone, string PhoneKind, string? Name, string? Email, NeedsDto Needs, int Sequence, ContactPlanDto ContactPlan);
}
