using Allo.Domain;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Staff;

/// <summary>Staff emails over a real SMTP conversation with a local sink.</summary>
public sealed class StaffMailTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;

    public Task InitializeAsync()
    {
        _smtp = SmtpSink.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private SmtpStaffMail Mail(int port) => new(new SmtpSettings("127.0.0.1", port, "allo@example.be", null, null, StartTls: false));

    [Fact]
    public async Task The_invitation_goes_over_smtp_in_the_first_language_with_the_link_and_its_expiry()
    {
        var user = new StaffUser { Email = "clara@allo.example", DisplayName = "Clara", Languages = "de,fr" };
        var link = new Uri("https://allo.example.be/staff/set-password?token=abc&lang=de");
        var message = StaffMessages.PasswordLink(user, link, Instant.FromUtc(2026, 12, 4, 7, 0));

        Assert.True(await Mail(_smtp.Port).SendAsync(message, CancellationToken.None));

        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal(("clara@allo.example", "allo@example.be", "Ihr Konto für Allo"), (mail.To.Mailboxes.Single().Address, mail.From.Mailboxes.Single().Address, mail.Subject));
        Assert.Contains(link.AbsoluteUri, mail.TextBody);
        Assert.Contains("2026-12-04 07:00 UTC", mail.TextBody);
        Assert.Equal(Language.De, message.Language);
    }

    [Fact]
    public async Task An_unreachable_mail_server_gives_false_not_an_exception()
    {
        var port = _smtp.Port;
        await _smtp.DisposeAsync();
        var message = new StaffMessage("ann@allo.example", Language.Nl, "s", "t");
        Assert.False(await Mail(port).SendAsync(message, CancellationToken.None));
        _smtp = SmtpSink.Start();
    }
}
