using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Bookings;

/// <summary>How each front end finds the booking it may see or change.</summary>
public sealed partial class BookingService
{
    /// <summary>The booking behind a private manage link, or null: a wrong token looks like no booking at all.</summary>
    public async Task<Booking?> FindAsync(string? reference, string? token, CancellationToken ct = default)
    {
        if (!BookingReference.TryParse(reference, out var parsed) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Reference == parsed.Value, ct);
        return booking is not null && ManageToken.Matches(token, booking.ManageTokenHash) ? booking : null;
    }

    /// <summary>
    /// The active booking of a phone number, if the citizen also knows its reference: how someone
    /// who tries to book a second call can move their first one instead without the private link.
    /// </summary>
    public async Task<Booking?> FindByPhoneAsync(string? reference, string phoneE164, CancellationToken ct = default)
    {
        if (!BookingReference.TryParse(reference, out var parsed))
        {
            return null;
        }
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Reference == parsed.Value, ct);
        return booking is { IsActive: true } && booking.PhoneE164 == phoneE164 ? booking : null;
    }

    /// <summary>What the booking's number and address opted out of, for the manage page's choices.</summary>
    public Task<IReadOnlySet<Channel>> OptedOutAsync(Booking booking, CancellationToken ct = default) =>
        optOuts.ForAsync(booking.PhoneE164, booking.Email, ct);

    /// <summary>The one active booking of a phone number, or null: all a text message can see or change.</summary>
    public Task<Booking?> ActiveForPhoneAsync(string phoneE164, CancellationToken ct = default) =>
        db.Bookings.FirstOrDefaultAsync(b => b.PhoneE164 == phoneE164 && BookingStatuses.Active.Contains(b.Status), ct);
}
