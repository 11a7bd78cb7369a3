using Allo.Domain.Slots;
using Allo.Domain.Waitlist;
using Allo.Web.Pages.Booking;
using Allo.Web.Pages.Shared;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Pages.Waitlist;

/// <summary>The days and parts of day a wish can name, and how the pages read and write them.</summary>
public static class WishDays
{
    /// <summary>The days within the horizon that have opening hours: the choices of the first and last day.</summary>
    public static IReadOnlyList<LocalDate> Open(SlotCalendar calendar, Instant now) =>
        [.. calendar.BookableDates(now).Where(d => calendar.SlotsOn(d).Any())];

    /// <summary>One of <paramref name="open"/> as the select sends it (2026-12-02), or null.</summary>
    public static LocalDate? Read(string? text, IReadOnlyList<LocalDate> open)
    {
        // Nobody types it: anything longer than a date is not one, and is never parsed.
        if (string.IsNullOrWhiteSpace(text) || text.Length > 10)
        {
            return null;
        }
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success && open.Contains(parsed.Value) ? parsed.Value : null;
    }

    /// <summary>The parts of day ticked; anything but the two names is ignored.</summary>
    public static DayParts ReadParts(IEnumerable<string?>? values) =>
        (values ?? []).Aggregate(DayParts.None, (parts, v) => parts | v switch
        {
            nameof(DayParts.Morning) => DayParts.Morning,
            nameof(DayParts.Afternoon) => DayParts.Afternoon,
            _ => DayParts.None,
        });

    public static (LocalDate First, LocalDate Last)? Days(WaitlistWish? wish) =>
        wish is not null && LocalDatePattern.Iso.Parse(wish.FirstDay) is { Success: true } first && LocalDatePattern.Iso.Parse(wish.LastDay) is { Success: true } last
            ? (first.Value, last.Value)
            : null;

    public static string Format(LocalDate day) => SlotDays.Format(day);
}

/// <summary>A wish as the pages show it; with a change link on the check page.</summary>
public sealed record WishView(LocalDate FirstDay, LocalDate LastDay, DayParts Parts, string? ChangeUrl = null)
{
    public static WishView Of(WaitlistEntry entry) => new(entry.FirstDay, entry.LastDay, entry.Parts);
}

/// <summary>How an offer will reach a citizen: the first channel of their plan that can carry an answer (<see cref="Scheduler.Messaging.MessagePlanner.OfferChannels"/>).</summary>
public sealed record OfferChannelView(Domain.Contact.ContactPlan Plan, string Phone, string? Email)
{
    public static OfferChannelView Of(WaitlistEntry entry) => new(entry.Plan, entry.Phone.International, entry.Email);

    public Domain.Contact.Channel? Channel =>
        Scheduler.Messaging.MessagePlanner.OfferChannels(Plan).Select(m => (Domain.Contact.Channel?)m.Channel).FirstOrDefault();
}
