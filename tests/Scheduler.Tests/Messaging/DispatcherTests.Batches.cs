using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>
/// The outbox drained in batches (docs/decisions/0027-the-outbox-is-drained-in-batches.md): what a
/// batch takes, what it leaves, and that nodes taking batches at once share the work and send once.
/// </summary>
public abstract partial class DispatcherTests
{
    /// <summary>A job node's batch, its dispatchers on this test's database and fake Twilio.</summary>
    protected OutboxBatch Batch(int size = 100)
    {
        var services = new ServiceCollection();
        services.AddScoped<AlloDbContext>(_ => Database.NewContext());
        services.AddScoped(sp => Dispatcher(sp.GetRequiredService<AlloDbContext>()));
        var provider = services.BuildServiceProvider();
        return new OutboxBatch(provider.GetRequiredService<IServiceScopeFactory>(), Settings with { BatchSize = size, SendConcurrency = 4 }, new SendPacer(Settings, TimeProvider.System), Clock, NullLogger<OutboxBatch>.Instance);
    }

    /// <summary>Twelve quarters a morning, Wednesday to Friday.</summary>
    private static Instant Slot(int i) => TestClock.Brussels(2026, 12, 2 + (i / 12), 9 + (i % 12 / 4), 15 * (i % 4));

    private async Task<List<Guid>> BookManyAsync(int count, string prefix = "0470 40 00")
    {
        var confirmations = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var booking = await BookAsync($"{prefix} {i:00}", Slot(i));
            confirmations.Add((await MessageAsync(booking.Booking.Id, MessageKind.Confirmation)).Id);
        }
        return confirmations;
    }

    [Fact]
    public async Task A_batch_sends_every_due_confirmation_once_and_leaves_the_reminders_queued_for_their_time()
    {
        var confirmations = await BookManyAsync(6);

        Assert.Equal(6, await Batch().SendAsync(CancellationToken.None));

        await using var db = Database.NewContext();
        Assert.Equal(6, await db.OutboundMessages.CountAsync(m => confirmations.Contains(m.Id) && m.Status == DeliveryStatus.Sent));
        Assert.Equal(6, Twilio.Messages.Select(m => m.Form["To"]).Distinct().Count());
        Assert.Equal(6, Twilio.Messages.Count);
        // Nothing else was due: every reminder waits, unleased, and a second batch finds nothing.
        Assert.True(await db.OutboundMessages.Where(m => m.Kind != MessageKind.Confirmation).AllAsync(m => m.Status == DeliveryStatus.Queued && m.LeasedUntil == null));
        Assert.Equal(0, await Batch().SendAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_takes_at_most_its_size_oldest_first_and_the_next_batch_takes_the_rest()
    {
        var confirmations = await BookManyAsync(5);

        Assert.Equal(3, await Batch(size: 3).SendAsync(CancellationToken.None));
        Assert.Equal(3, Twilio.Messages.Count);
        Assert.Equal(2, await Batch(size: 3).SendAsync(CancellationToken.None));

        await using var db = Database.NewContext();
        Assert.Equal(5, await db.OutboundMessages.CountAsync(m => confirmations.Contains(m.Id) && m.Status == DeliveryStatus.Sent));
        Assert.Equal(5, Twilio.Messages.Count);
    }

    [Fact]
    public async Task A_message_whose_attempt_failed_is_released_from_the_batch_and_sent_by_a_later_batch_at_its_next_attempt()
    {
        var confirmation = Assert.Single(await BookManyAsync(1));
        Twilio.FailNext(500);

        Assert.Equal(1, await Batch().SendAsync(CancellationToken.None));
        var failed = await FindAsync(confirmation);
        Assert.Equal((DeliveryStatus.Queued, 1, (Instant?)null), (failed!.Status, failed.Attempts, failed.LeasedUntil));
        Assert.True(failed.NextAttemptAt > Clock.GetCurrentInstant());
        // Not before its time…
        Assert.Equal(0, await Batch().SendAsync(CancellationToken.None));

        // …and then by whichever batch comes next.
        Clock.Reset(failed.NextAttemptAt);
        Assert.Equal(1, await Batch().SendAsync(CancellationToken.None));
        var sent = await FindAsync(confirmation);
        Assert.Equal((DeliveryStatus.Sent, 2, 2), (sent!.Status, sent.Attempts, sent.ProviderCalls));
        Assert.Single(Twilio.Messages);
    }

    [Fact]
    public async Task A_message_leased_by_another_nodes_batch_is_left_to_it_until_the_lease_runs_out()
    {
        var confirmation = Assert.Single(await BookManyAsync(1));
        await using (var db = Database.NewContext())
        {
            // Another node took it and is (as far as anyone knows) still sending it.
            await db.OutboundMessages.Where(m => m.Id == confirmation).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, Clock.GetCurrentInstant() + OutboxBatch.Lease));
        }

        Assert.Equal(0, await Batch().SendAsync(CancellationToken.None));
        Assert.Empty(Twilio.Messages);

        // That node died: once its lease has run out, the message is anyone's again.
        Clock.Advance(OutboxBatch.Lease);
        Assert.Equal(1, await Batch().SendAsync(CancellationToken.None));
        Assert.Equal(DeliveryStatus.Sent, (await FindAsync(confirmation))!.Status);
        Assert.Single(Twilio.Messages);
    }

    [Fact]
    public async Task Three_nodes_taking_batches_at_once_take_disjoint_batches_and_send_each_message_exactly_once()
    {
        var confirmations = await BookManyAsync(30, "0470 50 00");
        // Fewer messages in flight than the batches hold, so the nodes overlap while they send.
        var atProvider = Twilio.HoldNext();
        var nodes = Enumerable.Range(0, 3).Select(_ => Batch(size: 4)).ToList();
        var taken = new int[nodes.Count];

        var running = nodes.Select((node, n) => Task.Run(async () =>
        {
            int got;
            while ((got = await node.SendAsync(CancellationToken.None)) > 0)
            {
                Interlocked.Add(ref taken[n], got);
            }
        })).ToList();
        await Eventually.Until(() => atProvider.Arrived.IsCompleted, "the first text to reach the fake Twilio");
        atProvider.Release();
        await Task.WhenAll(running);

        // Every message taken by exactly one batch: the takes add up to the count, never more.
        Assert.Equal(30, taken.Sum());
        Assert.Equal(30, Twilio.Messages.Count);
        Assert.Equal(30, Twilio.Messages.Select(m => m.Form["To"]).Distinct().Count());
        await using var db = Database.NewContext();
        Assert.Equal(30, await db.OutboundMessages.CountAsync(m => confirmations.Contains(m.Id) && m.Status == DeliveryStatus.Sent && m.ProviderCalls == 1));
    }

    [Fact]
    public async Task The_poller_takes_batch_after_batch_while_they_come_back_full_then_looks_again_each_second_or_when_woken()
    {
        await BookManyAsync(5);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var wakeUp = new OutboxWakeUp(Clock);
        using var poller = new OutboxPoller(Batch(size: 2), wakeUp, Settings with { BatchSize = 2, DispatchLanes = 1 }, time, NullLogger<OutboxPoller>.Instance);
        await poller.StartAsync(CancellationToken.None);

        // Batches of 2, 2 and 1, one after the other, while no time passes at all.
        await Eventually.Until(() => Task.FromResult(Twilio.Messages.Count == 5), "the five confirmations to reach the fake Twilio");

        // A message committed elsewhere (no wake-up here) is found at the next look, a second later.
        await BookAsync("0470 60 00 01", TestClock.Brussels(2026, 12, 3, 13));
        await Eventually.Until(() =>
        {
            time.Advance(OutboxPoller.PollInterval);
            return Task.FromResult(Twilio.Messages.Count == 6);
        }, "the poller's next look to send the sixth confirmation");

        // One committed on this node wakes the poller: no time needs to pass.
        var woken = await BookAsync("0470 60 00 02", TestClock.Brussels(2026, 12, 3, 14));
        wakeUp.Committed([await MessageAsync(woken.Booking.Id, MessageKind.Confirmation)]);
        await Eventually.Until(() => Task.FromResult(Twilio.Messages.Count == 7), "the woken poller to send the seventh confirmation");

        await poller.StopAsync(CancellationToken.None);
        Assert.Equal(7, Twilio.Messages.Select(m => m.Form["To"]).Distinct().Count());
    }
}
