using Allo.Domain.Contact;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Allo.Scheduler.Messaging.Channels;

/// <summary>Email over SMTP with MailKit; confirmations carry the calendar file.</summary>
public sealed class SmtpEmailChannel(SmtpSettings settings) : IMessageChannel
{
    public Channel Channel => Channel.Email;
    public string Provider => "smtp";

    public async Task<SendResult> SendAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From));
        mail.To.Add(MailboxAddress.Parse(message.To));
        mail.Subject = rendered.Subject ?? "";
        mail.MessageId = $"{message.Id:N}@allo";
        var body = new BodyBuilder { TextBody = rendered.Text };
        if (rendered.CalendarFile is not null)
        {
            var calendar = body.Attachments.Add("allo.ics", System.Text.Encoding.UTF8.GetBytes(rendered.CalendarFile),
                new ContentType("text", "calendar") { Charset = "utf-8", Parameters = { { "method", rendered.CalendarMethod ?? "PUBLISH" } } });
            calendar.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "allo.ics" };
        }
        mail.Body = body.ToMessageBody();
        try
        {
            await SmtpDelivery.SendAsync(settings, mail, ct);
        }
        catch (SmtpCommandException e) when (e.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath)
        {
            throw new ChannelException($"The mail server refused {message.To}: {e.Message}", permanent: true, e);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new ChannelException($"The mail server did not take the message: {e.Message}", permanent: false, e);
        }
        return new SendResult(mail.MessageId, DeliveryStatus.Sent);
    }
}
