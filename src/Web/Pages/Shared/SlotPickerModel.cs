using Allo.Scheduler.Bookings;
using NodaTime;

namespace Allo.Web.Pages.Shared;

/// <summary>A week of free callback times, grouped by day, for the booking and the move pages.</summary>
public sealed record SlotPickerModel(
    IReadOnlyList<SlotAvailability> Slots,
    string? Selected,
    string? Error,
    DateTimeZone Zone,
    string? EarlierUrl,
    string? LaterUrl,
    string Heading);
