using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Allo.Scheduler.Messaging.Channels;

/// <summary>
/// Hands one message to the configured mail server: connect, authenticate when a user is set, send,
/// disconnect. The citizens' channel and the staff invitations send the same way and differ only in
/// what a failure means to them, so the exceptions are theirs to read.
/// </summary>
public static class SmtpDelivery
{
    public static async Task SendAsync(SmtpSettings settings, MimeMessage mail, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 15_000 };
        await client.ConnectAsync(settings.Host, settings.Port, settings.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        }
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
    }
}
