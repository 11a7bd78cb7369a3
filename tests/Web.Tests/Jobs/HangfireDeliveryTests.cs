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
public sealed class HangfireDeliveryTests : IAsyncLifetime
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
    public async Task A_booking_made_on_the_web_node_is_confirmed_by_text_through_hangfire_on_postgresql()
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
}
