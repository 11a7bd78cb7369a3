using System.Globalization;
using Allo.Domain;
using Allo.Scheduler.Messaging;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace Allo.Scheduler.Feedback;

/// <summary>
/// The link in a thank-you email to the one-question feedback page. It names the call without
/// revealing anything (the booking id, protected with the service's keys) and stops working after
/// the retention period, when the call's personal data is gone anyway.
/// </summary>
public sealed class FeedbackLinks(IDataProtectionProvider protection, MessagingSettings settings, IClock clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Allo.Feedback.v1");

    public Uri For(Guid bookingId, Language language)
    {
        var expires = (clock.GetCurrentInstant() + Duration.FromDays(settings.RetentionDays)).ToUnixTimeSeconds();
        var token = _protector.Protect($"{bookingId:N}|{expires.ToString(CultureInfo.InvariantCulture)}");
        return settings.Link($"feedback/{token}?lang={language.Code()}");
    }

    /// <summary>The call a link is about, or null for a link that is altered, foreign or expired.</summary>
    public Guid? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        return clock.GetCurrentInstant().ToUnixTimeSeconds() < expires ? id : null;
    }
}
