using System.Net;
using System.Text.RegularExpressions;
using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Ical.Net.CalendarComponents;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Infrastructure;

/// <summary>
/// Every absolute link and calendar UID comes from Allo:PublicBaseUrl: a citizen (or an attacker)
/// who reaches the service with another Host header never sees that host in what the service gives out.
/// </summary>
public sealed class PublicLinksTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.5";
    private AlloFactory _factory = null!;
    private WebApplicationFactory<Program> _service = null!;
    private SmtpSink _smtp = null!;

    public async Task InitializeAsync()
    {
        _smtp = SmtpSink.Start();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800),
            new Dictionary<string, string>
            {
                ["ForwardedHeaders:KnownProxies"] = Proxy,
                ["Allo:PublicBaseUrl"] = "https://allo.example.be/",
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp:From"] = "Allo <allo@allo.example.be>",
                ["Smtp:StartTls"] = "false",
                ["Messaging:Pacing"] = "false",
            });
        _service = SimulatedNetwork.Around(_factory);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _smtp.DisposeAsync();
    }

    private static string Link(FormClient page, string id) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, $"id=\"{id}\" href=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>A citizen who books with an email address through the proxy, asking for the service at <paramref name="host"/>; on the confirmation page.</summary>
    private async Task<FormClient> BookAsync(string host)
    {
        var citizen = SimulatedNetwork.Browser(_service, Proxy, "198.51.100.1", new CookieContainer(), host);
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", "0470 12 34 56"));
        await citizen.SubmitAsync(("name", "Marie"), ("email", "marie@example.be"));
        await citizen.SubmitAsync();
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        return citizen;
    }

    /// <summary>Sends every email the outbox holds for now through the real SMTP channel; returns their calendar files, oldest first.</summary>
    private async Task<List<string>> SendEmailsAsync()
    {
        await using var scope = _service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Scheduler.Persistence.AlloDbContext>();
        var due = await db.OutboundMessages
            .Where(m => m.Channel == Channel.Email && m.Status == DeliveryStatus.Queued && m.DueAt <= _factory.Clock.GetCurrentInstant())
            .Select(m => m.Id).ToListAsync();
        foreach (var id in due)
        {
            Assert.Equal(DispatchResult.Sent, await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().DispatchAsync(id));
        }
        var files = new List<string>();
        foreach (var mail in _smtp.Messages)
        {
            using var content = new MemoryStream();
            await mail.Attachments.OfType<MimeKit.MimePart>().Single().Content!.DecodeToAsync(content);
            files.Add(System.Text.Encoding.UTF8.GetString(content.ToArray()));
        }
        return files;
    }

    private static CalendarEvent Event(string ics) => Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);

    [Fact]
    public async Task A_host_header_of_evil_example_never_reaches_the_manage_link_the_calendar_files_or_the_messages()
    {
        var citizen = await BookAsync("evil.example");
        var manage = Link(citizen, "manage-link");
        Assert.StartsWith("https://allo.example.be/manage?", manage);
        Assert.DoesNotContain("evil.example", citizen.Html);

        var downloaded = await citizen.Http.GetStringAsync(Link(citizen, "calendar-link"));
        Assert.DoesNotContain("evil.example", downloaded);
        Assert.EndsWith("@allo.example.be", Event(downloaded).Uid);
        Assert.StartsWith("https://allo.example.be/manage?", Event(downloaded).Url!.ToString());

        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        var api = await SimulatedNetwork.Client(_service, Proxy, "198.51.100.1", "evil.example").GetStringAsync(
            $"/api/v1/bookings/{booking.Reference}/calendar.ics?token={Uri.EscapeDataString(Regex.Match(manage, "token=([^&]+)").Groups[1].Value)}");
        Assert.Equal(Event(downloaded).Uid, Event(api).Uid);

        var emailed = Assert.Single(await SendEmailsAsync());
        Assert.DoesNotContain("evil.example", emailed + _smtp.Messages[0].TextBody);
        // The messages with links (booking again, the thank-you's feedback page) in every channel's words.
        var texts = _service.Services.GetRequiredService<MessageTexts>();
        foreach (var (kind, channel) in new[] { (MessageKind.BookAgain, Channel.Sms), (MessageKind.BookAgain, Channel.Email), (MessageKind.ThankYou, Channel.Email) })
        {
            var message = new OutboundMessage { Id = Guid.NewGuid(), BookingId = booking.Id, Kind = kind, Channel = channel, Language = booking.Language };
            var text = texts.Render(message, booking).Text;
            Assert.DoesNotContain("evil.example", text);
            Assert.Contains("https://allo.example.be/", text);
        }
    }

    [Fact]
    public async Task The_downloaded_and_the_emailed_calendar_files_have_one_uid_and_organizer_and_keep_the_uid_when_the_call_moves()
    {
        var citizen = await BookAsync("allo.example.be");
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        var downloaded = Event(await citizen.Http.GetStringAsync(Link(citizen, "calendar-link")));
        var emailed = Event(Assert.Single(await SendEmailsAsync()));
        Assert.Equal($"{booking.Id:D}@allo.example.be", downloaded.Uid);
        Assert.Equal(downloaded.Uid, emailed.Uid);
        Assert.Equal((new Uri("mailto:allo@allo.example.be"), "Allo"), (downloaded.Organizer!.Value, downloaded.Organizer.CommonName));
        Assert.Equal((downloaded.Organizer.Value, "Allo"), (emailed.Organizer!.Value, emailed.Organizer.CommonName));

        await citizen.GetAsync(Link(citizen, "manage-link"));
        await citizen.GetAsync(Link(citizen, "move-link"));
        await citizen.ChooseTimeAsync("2026-12-03T14:00:00+01:00");
        Assert.Contains("id=\"done-message\"", citizen.Html);
        var movedDownload = Event(await citizen.Http.GetStringAsync(Link(citizen, "calendar-link")));
        var movedEmail = Event((await SendEmailsAsync())[1]);
        Assert.Equal(downloaded.Uid, movedDownload.Uid);
        Assert.Equal(downloaded.Uid, movedEmail.Uid);
        Assert.Equal((1, 1), (movedDownload.Sequence, movedEmail.Sequence));
        Assert.Equal((14, 14), (movedDownload.DtStart!.Value.Hour, movedEmail.DtStart!.Value.Hour));
        Assert.Equal(downloaded.Organizer.Value, movedEmail.Organizer!.Value);
    }
}
