using System.Net;
using System.Net.Http.Json;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Jobs;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireCollection
{
    // Hangfire keeps process-wide state; hosts that run jobs must not overlap with each other.
    public const string Name = "Hangfire";
}

[Collection(HangfireCollection.Name)]
/// <summary>A host with both roles on PostgreSQL: its outbox poller sends what the web side commits.</summary>
public sealed class JobNodeDeliveryTests : IAsyncLifetime
{
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        var settings = _twilio.Settings();
        settings["Jobs:Storage"] = "Database";
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Postgres), TestClock.At(TestClock.Tuesday0800), settings, jobs: true);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    [Fact]
    public async Task A_booking_made_on_the_web_side_is_confirmed_by_text_at_once_by_the_outbox_poller_and_its_reminders_wait()
    {
        var client = _factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 55 44 33", language = "fr" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The status is committed after the fake Twilio has answered, so wait for the status itself.
        await Eventually.Until(async () => await _factory.QueryAsync(db => db.OutboundMessages.Where(m => m.Kind == MessageKind.Confirmation).Select(m => m.Status).SingleAsync()) is DeliveryStatus.Sent,
            "the confirmation to be recorded as sent");
        var sms = Assert.Single(_twilio.Messages);
        Assert.Equal("+32470554433", sms.Form["To"]);
        // The reminders wait for their time, in the outbox.
        Assert.Equal(3, await _factory.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.Status == DeliveryStatus.Queued)));
    }

    [Fact]
    public async Task When_the_evening_reminder_falls_due_the_poller_finds_it_by_itself_and_sends_it_once()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 55 44 34", language = "nl" })).StatusCode);
        await Eventually.Until(() => Task.FromResult(_twilio.Messages.Count == 1), "the confirmation to reach the fake Twilio");
        var evening = await _factory.QueryAsync(db => db.OutboundMessages.Where(m => m.Kind == MessageKind.ReminderDayBefore).Select(m => m.DueAt).SingleAsync());

        // No commit announces it: only the poller's next look, once the clock says it is time.
        _factory.Clock.Reset(evening);
        await Eventually.Until(async () => await _factory.QueryAsync(db => db.OutboundMessages.Where(m => m.Kind == MessageKind.ReminderDayBefore).Select(m => m.Status).SingleAsync()) is DeliveryStatus.Sent,
            "the evening reminder to be recorded as sent");
        Assert.Equal(2, _twilio.Messages.Count);
        Assert.Equal(1, await _factory.QueryAsync(db => db.OutboundMessages.CountAsync(m => m.Kind == MessageKind.ReminderHourBefore && m.Status == DeliveryStatus.Queued)));
    }
}
