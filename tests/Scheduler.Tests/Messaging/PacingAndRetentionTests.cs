using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>One job node pacing through the shared budget in PostgreSQL, on a clock the test moves.</summary>
public sealed class PacingTests : IAsyncLifetime
{
    private static readonly TimeSpan TextPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CallPeriod = TimeSpan.FromSeconds(1);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_burst_beyond_the_providers_rate_waits_its_turn_and_is_never_rejected()
    {
        using var node = new PacedNodes(_database, new MessagingSettings { SmsPerSecond = 10, CallsPerSecond = 1 }, count: 1);
        var pacer = node[0];
        var oneTick = TimeSpan.FromMilliseconds(1);

        var sms = Enumerable.Range(0, 11).Select(_ => pacer.WaitAsync(Channel.Sms, CancellationToken.None).AsTask()).ToList();
        var calls = Enumerable.Range(0, 2).Select(_ => pacer.WaitAsync(Channel.Voice, CancellationToken.None).AsTask()).ToList();
        var emails = Enumerable.Range(0, 100).Select(_ => pacer.WaitAsync(Channel.Email, CancellationToken.None)).ToList();
        Assert.All(emails, t => Assert.True(t.IsCompletedSuccessfully, "email is not paced"));
        Assert.Equal(node.Start + TextPeriod, await node.SettleAsync());
        Assert.All(sms.Take(10), t => Assert.True(t.IsCompletedSuccessfully));
        Assert.False(sms[10].IsCompleted, "the eleventh text in the same instant must wait");
        Assert.True(calls[0].IsCompletedSuccessfully);
        Assert.False(calls[1].IsCompleted, "a second call in the same second must wait");

        node.Time.Advance(TextPeriod - oneTick);
        await node.SettleAsync();
        Assert.False(sms[10].IsCompleted, "the eleventh text must wait a whole refill period");
        node.Time.Advance(oneTick);
        Assert.Equal(node.Start + CallPeriod, await node.SettleAsync());
        Assert.True(sms[10].IsCompletedSuccessfully, "one refill period later the eleventh text passes");

        node.Time.Advance(CallPeriod - TextPeriod - oneTick);
        await node.SettleAsync();
        Assert.False(calls[1].IsCompleted, "the second call must wait a whole refill period");
        node.Time.Advance(oneTick);
        Assert.Null(await node.SettleAsync());
        Assert.True(calls[1].IsCompletedSuccessfully, "one refill period later the second call passes");
    }

    [Fact]
    public async Task A_text_that_stops_waiting_leaves_its_turn_to_the_next()
    {
        using var node = new PacedNodes(_database, new MessagingSettings { SmsPerSecond = 1 }, count: 1);
        var pacer = node[0];
        var first = pacer.WaitAsync(Channel.Sms, CancellationToken.None).AsTask();
        await node.SettleAsync();
        Assert.True(first.IsCompletedSuccessfully);
        using var giveUp = new CancellationTokenSource();
        var abandoned = pacer.WaitAsync(Channel.Sms, giveUp.Token).AsTask();
        var next = pacer.WaitAsync(Channel.Sms, CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        Assert.True(abandoned.IsCanceled);
        Assert.Equal(node.Start.AddSeconds(1), await node.SettleAsync());
        Assert.False(next.IsCompleted);
        node.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await node.SettleAsync());
        Assert.True(next.IsCompletedSuccessfully, "the refill goes to the text still waiting");
    }

    [Fact]
    public async Task When_the_budget_cannot_be_read_the_waiting_texts_fail_and_the_next_wait_asks_again()
    {
        using var node = new PacedNodes(_database, new MessagingSettings { SmsPerSecond = 10 }, count: 1);
        await using (var db = _database.NewContext())
        {
            await db.SendBudgets.Where(b => b.Name == SendBudget.Sms).ExecuteDeleteAsync();
        }
        var failed = node[0].WaitAsync(Channel.Sms, CancellationToken.None).AsTask();
        Assert.Null(await node.SettleAsync());
        Assert.True(failed.IsFaulted, "a wait the database cannot answer fails instead of hanging");

        await using (var db = _database.NewContext())
        {
            db.SendBudgets.Add(new SendBudget { Name = SendBudget.Sms, SpentUntil = Instant.FromUnixTimeSeconds(0) });
            await db.SaveChangesAsync();
        }
        var next = node[0].WaitAsync(Channel.Sms, CancellationToken.None).AsTask();
        Assert.Null(await node.SettleAsync());
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public void Without_pacing_nothing_waits_and_no_database_is_needed()
    {
        using var pacer = new SendPacer(new MessagingSettings { Pacing = false }, new FakeTimeProvider());
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(pacer.WaitAsync(Channel.Sms, CancellationToken.None).IsCompleted));
    }
}

public sealed class RetentionTests() : BookingTestBase(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Personal_data_is_erased_thirty_days_after_the_call_and_anonymous_facts_stay()
    {
        await using var db = Database.NewContext();
        var bookings = NewService(db);
        var old = Assert.IsType<BookingOutcome.Done>(await bookings.BookAsync(new BookingInput
        {
            SlotStart = "2026-12-02T10:00:00+01:00", Phone = "0470 12 34 56", Language = "fr", Name = "Marie", Email = "marie@example.be",
            Needs = new NeedsInput { Hearing = true, Proxy = true, ProxyName = "Luc", ProxyPhone = "0470 99 88 77" },
        }));
        var recent = Assert.IsType<BookingOutcome.Done>(await bookings.BookAsync(new BookingInput
        {
            SlotStart = "2026-12-22T10:00:00+01:00", Phone = "0470 12 34 57", Language = "nl", Name = "Jan",
        }));

        Clock.Reset(TestClock.Brussels(2027, 1, 2, 12));
        await EndTheDaysAsync();
        await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);

        db.ChangeTracker.Clear();
        var erased = await db.Bookings.SingleAsync(b => b.Id == old.Booking.Id);
        Assert.NotNull(erased.ErasedAt);
        Assert.Equal(Domain.Bookings.Booking.ErasedPhone, erased.PhoneE164);
        Assert.Null(erased.Name);
        Assert.Null(erased.Email);
        Assert.Null(erased.Needs.Proxy);
        Assert.True(erased.Needs.Hearing);
        Assert.Equal(Domain.Language.Fr, erased.Language);
        Assert.DoesNotContain(erased.Plan.Hints, h => h.Value.Detail == "Luc");
        Assert.All(await db.OutboundMessages.Where(m => m.BookingId == old.Booking.Id).ToListAsync(), m =>
        {
            Assert.Equal(Domain.Bookings.Booking.ErasedPhone, m.To);
            Assert.Null(m.Body);
        });

        var kept = await db.Bookings.SingleAsync(b => b.Id == recent.Booking.Id);
        Assert.Null(kept.ErasedAt);
        Assert.Equal("Jan", kept.Name);
    }

    [Fact]
    public async Task Calls_left_open_past_the_period_wait_for_their_close_and_the_rest_are_erased_meanwhile()
    {
        var booked = new List<BookingOutcome.Done>();
        foreach (var (minute, phone) in new[] { (0, "0470 12 35 01"), (15, "0470 12 35 02"), (30, "0470 12 35 03") })
        {
            booked.Add(Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(TestClock.Wednesday1000 + Duration.FromMinutes(minute), phone))));
        }
        await using (var db = Database.NewContext())
        {
            Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(booked[0].Booking.Reference, booked[0].ManageToken));
        }

        // The end-of-day job never ran: two calls are still open a month on; erased, both would take the erased number.
        Clock.Reset(TestClock.Brussels(2027, 1, 5, 3));
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }
        Assert.Equal(new[] { true, false, false }, await ErasedAsync(booked));

        await EndTheDaysAsync();
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }
        Assert.Equal(new[] { true, true, true }, await ErasedAsync(booked));
    }

    private async Task<bool[]> ErasedAsync(IEnumerable<BookingOutcome.Done> booked)
    {
        await using var db = Database.NewContext();
        var ids = booked.Select(b => b.Booking.Id).ToList();
        var erased = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.ErasedAt != null);
        return [.. ids.Select(id => erased[id])];
    }
}
