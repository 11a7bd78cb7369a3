using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>Email through MailKit to a local SMTP server, read back with MimeKit.</summary>
public sealed class EmailTests : IAsyncLifetime
{
    private static readonly SlotCalendar Calendar = TestCalendar.Default;
    private TestDatabase _database = null!;
    private SmtpSink _smtp = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _smtp = SmtpSink.Start();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_confirmation_by_email_carries_the_calendar_file_and_a_cancellation_cancels_it()
    {
        var settings = new MessagingSettings { Pacing = false, Smtp = new SmtpSettings("127.0.0.1", _smtp.Port, "allo@example.be", null, null, StartTls: false) };
        var clock = TestClock.At(TestClock.Tuesday0800);
        var signal = new RecordingSignal();
        var planner = new MessagePlanner(settings, Calendar);
        await using var db = _database.NewContext();
        var bookings = TestBookings.Service(db, clock, signal, settings);
        var done = Assert.IsType<BookingOutcome.Done>(await bookings.BookAsync(new BookingInput
        {
            SlotStart = "2026-12-02T10:00:00+01:00",
            Phone = "0470 12 34 56",
            Email = "jan@example.be",
            Name = "Jan Peeters",
            Language = "nl",
        }));
        var texts = TestTexts.For(Calendar, settings, clock);
        var dispatcher = new MessageDispatcher(db, [new DevOutboxChannel(Channel.Sms), new DevOutboxChannel(Channel.Voice), new SmtpEmailChannel(settings.Smtp!)],
            texts, planner, settings, new SendPacer(settings, TimeProvider.System), signal, clock, NullLogger<MessageDispatcher>.Instance);

        var email = await db.OutboundMessages.SingleAsync(m => m.Channel == Channel.Email && m.Kind == MessageKind.Confirmation);
        Assert.Equal(DispatchResult.Sent, await dispatcher.DispatchAsync(email.Id));
        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal("jan@example.be", mail.To.Mailboxes.Single().Address);
        Assert.StartsWith("Beste Jan Peeters,", mail.TextBody ?? "");
        var ics = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("text/calendar", ics.ContentType.MimeType);
        using (var content = new MemoryStream())
        {
            await ics.Content!.DecodeToAsync(content);
            var text = System.Text.Encoding.UTF8.GetString(content.ToArray());
            Assert.Contains("DTSTART;TZID=Europe/Brussels:20261202T100000", text);
        }

        db.ChangeTracker.Clear();
        Assert.IsType<BookingOutcome.Done>(await bookings.CancelAsync(done.Booking.Reference, done.ManageToken));
        var cancel = await db.OutboundMessages.SingleAsync(m => m.Channel == Channel.Email && m.Kind == MessageKind.Cancelled);
        Assert.Equal(DispatchResult.Sent, await dispatcher.DispatchAsync(cancel.Id));
        Assert.Equal("CANCEL", _smtp.Messages[1].Attachments.OfType<MimeKit.MimePart>().Single().ContentType.Parameters["method"]);
    }

    [Fact]
    public async Task An_unreachable_mail_server_is_a_failed_attempt_to_retry_not_a_lost_message()
    {
        var port = _smtp.Port;
        await _smtp.DisposeAsync();
        var channel = new SmtpEmailChannel(new SmtpSettings("127.0.0.1", port, "allo@example.be", null, null, StartTls: false));
        var e = await Assert.ThrowsAsync<ChannelException>(() => channel.SendAsync(
            new OutboundMessage { Id = Guid.NewGuid(), To = "jan@example.be" }, new RenderedMessage("Hallo", "Onderwerp"), CancellationToken.None));
        Assert.False(e.Permanent);
        _smtp = SmtpSink.Start();
    }
}
