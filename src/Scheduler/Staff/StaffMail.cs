using System.Collections.Concurrent;
using Allo.Domain;
using Allo.Scheduler.Messaging;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NodaTime;

namespace Allo.Scheduler.Staff;

/// <summary>One invitation or reset email to a member of staff, in their language.</summary>
public sealed record StaffMessage(string To, Language Language, string Subject, string Text);

/// <summary>
/// Emails to staff. Not the citizens' outbox: that table belongs to bookings, and would keep the
/// one-time link in clear text. The same SMTP settings, sent at once; without them (development,
/// a trial) the dev mailbox keeps them in memory, and the manager always sees the link to hand over.
/// </summary>
public interface IStaffMail
{
    /// <summary>False when the mail server did not take it; the manager hands the link over instead.</summary>
    Task<bool> SendAsync(StaffMessage message, CancellationToken ct);
}

public static class StaffMessages
{
    private static readonly Dictionary<Language, (string Subject, string Body)> Texts = new()
    {
        [Language.Nl] = ("Uw account voor Allo", "Dag {0},\n\nEr is een account voor u in Allo. Kies uw wachtwoord via deze link (geldig tot {2} UTC, één keer te gebruiken):\n{1}\n"),
        [Language.Fr] = ("Votre compte Allo", "Bonjour {0},\n\nUn compte Allo a été créé pour vous. Choisissez votre mot de passe avec ce lien (valable jusqu'au {2} UTC, une seule fois) :\n{1}\n"),
        [Language.De] = ("Ihr Konto für Allo", "Guten Tag {0},\n\nfür Sie gibt es ein Konto in Allo. Wählen Sie Ihr Passwort über diesen Link (gültig bis {2} UTC, nur einmal):\n{1}\n"),
        [Language.En] = ("Your Allo account", "Hello {0},\n\nThere is an Allo account for you. Choose your password with this link (valid until {2} UTC, once only):\n{1}\n"),
    };

    public static StaffMessage PasswordLink(StaffUser user, Uri link, Instant expires)
    {
        var language = StaffLanguages.First(user);
        var (subject, body) = Texts[language];
        var until = NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm").Format(expires);
        return new StaffMessage(user.Email!, language, subject, string.Format(System.Globalization.CultureInfo.InvariantCulture, body, user.DisplayName, link, until));
    }
}

public sealed class SmtpStaffMail(SmtpSettings settings) : IStaffMail
{
    public async Task<bool> SendAsync(StaffMessage message, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From));
        mail.To.Add(MailboxAddress.Parse(message.To));
        mail.Subject = message.Subject;
        mail.Body = new TextPart("plain") { Text = message.Text };
        try
        {
            await Allo.Scheduler.Messaging.Channels.SmtpDelivery.SendAsync(settings, mail, ct);
            return true;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or AuthenticationException or IOException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

/// <summary>Without SMTP: the last staff emails, in memory only (they hold live links), for a developer to read.</summary>
public sealed class DevStaffMailbox : IStaffMail
{
    private readonly ConcurrentQueue<StaffMessage> _sent = new();

    public IReadOnlyList<StaffMessage> Sent => [.. _sent];

    public Task<bool> SendAsync(StaffMessage message, CancellationToken ct)
    {
        _sent.Enqueue(message);
        while (_sent.Count > 50)
        {
            _sent.TryDequeue(out _);
        }
        return Task.FromResult(true);
    }
}
