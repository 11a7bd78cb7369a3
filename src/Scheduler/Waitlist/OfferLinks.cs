using Allo.Domain;
using Allo.Scheduler.Messaging;
using Microsoft.AspNetCore.DataProtection;

namespace Allo.Scheduler.Waitlist;

/// <summary>
/// The link in an offer email to the page that takes the offered time. It names the held seat's
/// provisional booking, protected with the service's keys, and needs no expiry of its own: the
/// offer's hold decides whether a yes still counts.
/// </summary>
public sealed class OfferLinks(IDataProtectionProvider protection, MessagingSettings settings)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Allo.WaitlistOffer.v1");

    public Uri For(Guid offeredBookingId, Language language) =>
        settings.Link($"waitlist/offer/{_protector.Protect(offeredBookingId.ToString("N"))}?lang={language.Code()}");

    /// <summary>The provisional booking a link names, or null for a link that is altered or foreign.</summary>
    public Guid? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 400)
        {
            return null;
        }
        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
