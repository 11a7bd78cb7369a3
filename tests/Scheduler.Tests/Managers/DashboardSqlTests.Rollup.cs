using Allo.Domain.Contact;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Allo.Scheduler.Tests.Managers;

/// <summary>
/// Closed days' messages counted once into the rollup (docs/decisions/0034-closed-days-are-counted-once.md):
/// the dashboard reading the rollup and counting only the open days live gives exactly what counting
/// every row gives, around the autumn clock change, and still after a status report moves a message
/// from a closed day to today.
/// </summary>
public abstract partial class DashboardSqlTests
{
    private static readonly (LocalDate From, LocalDate To) Autumn = (new LocalDate(2026, 10, 24), new LocalDate(2026, 10, 27));

    /// <summary>Every message figure per day, as the dashboard reads it now.</summary>
    private async Task<List<(LocalDate Day, Channel Channel, int Sent, int Failed)>> MessageFiguresAsync()
    {
        var days = await FiguresAsync(Autumn.From, Autumn.To, Grouping.Day);
        return [.. days.SelectMany(p => p.Messages.Select(m => (p.Start, m.Key, m.Value.Sent, m.Value.Failed)))];
    }

    /// <summary>The same figures with the rollup set aside: every row counted live.</summary>
    private async Task<List<(LocalDate Day, Channel Channel, int Sent, int Failed)>> CountedLiveAsync()
    {
        await using (var db = Database.NewContext())
        {
            await db.RollupMarks.ExecuteDeleteAsync();
            await db.MessageDayCounts.ExecuteDeleteAsync();
        }
        return await MessageFiguresAsync();
    }

    private async Task<int> RollUpAsync()
    {
        await using var db = Database.NewContext();
        return await new MessageRollup(db, Calendar, Clock).RollUpAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Closed_days_from_the_rollup_and_the_open_day_counted_live_give_exactly_the_figures_of_counting_every_row()
    {
        await SeedAutumnAsync();
        // Tuesday 27 October, 12:00: Saturday to Monday are closed; Tuesday is today.
        Clock.Reset(TestClock.Brussels(2026, 10, 27, 12));
        await BookAtAsync(TestClock.Brussels(2026, 10, 27, 8), TestClock.Brussels(2026, 10, 29, 9));
        Clock.Reset(TestClock.Brussels(2026, 10, 27, 12));

        // Saturday 24 October (the first status) to Monday 26.
        Assert.Equal(3, await RollUpAsync());
        var read = await MessageFiguresAsync();

        Assert.Equal([1, 2, 1, 1], read.Where(f => f.Channel == Channel.Sms).Select(f => f.Sent));
        Assert.Equal(await CountedLiveAsync(), read);
    }

    [Fact]
    public async Task The_dashboard_reads_closed_days_from_the_rollup_and_today_live()
    {
        await SeedAutumnAsync();
        Clock.Reset(TestClock.Brussels(2026, 10, 27, 12));
        await RollUpAsync();
        await using (var db = Database.NewContext())
        {
            // Rows of closed days gone from the table still count, once they are counted in the rollup.
            await db.OutboundMessages.Where(m => m.StatusAt < TestClock.Brussels(2026, 10, 25, 12)).ExecuteDeleteAsync();
        }
        await BookAtAsync(TestClock.Brussels(2026, 10, 27, 8), TestClock.Brussels(2026, 10, 29, 9));

        var read = await MessageFiguresAsync();

        Assert.Equal([1, 2, 1, 1], read.Where(f => f.Channel == Channel.Sms).Select(f => f.Sent));
    }

    [Fact]
    public async Task Rolling_up_again_counts_nothing_twice_and_a_later_run_counts_only_the_newly_closed_day()
    {
        await SeedAutumnAsync();
        Clock.Reset(TestClock.Brussels(2026, 10, 26, 12));
        Assert.Equal(2, await RollUpAsync());
        Assert.Equal(0, await RollUpAsync());
        // Monday closes at midnight, but is counted only once the grace after it has passed.
        Clock.Reset(TestClock.Brussels(2026, 10, 27, 0, 30));
        Assert.Equal(0, await RollUpAsync());
        Clock.Reset(TestClock.Brussels(2026, 10, 27, 1, 0));
        Assert.Equal(1, await RollUpAsync());

        var read = await MessageFiguresAsync();

        Assert.Equal([1, 2, 1, 0], read.Where(f => f.Channel == Channel.Sms).Select(f => f.Sent));
        Assert.Equal(await CountedLiveAsync(), read);
    }

    [Fact]
    public async Task A_status_report_on_a_message_of_a_closed_day_moves_its_count_from_that_day_to_today()
    {
        await SeedAutumnAsync();
        Clock.Reset(TestClock.Brussels(2026, 10, 27, 12));
        await RollUpAsync();
        Guid saturdays;
        await using (var db = Database.NewContext())
        {
            saturdays = await db.OutboundMessages.Where(m => m.StatusAt < TestClock.Brussels(2026, 10, 25, 0)).Select(m => m.Id).SingleAsync();
            await db.OutboundMessages.Where(m => m.Id == saturdays).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderId, "SM-late"));
        }

        await using (var db = Database.NewContext())
        {
            var dispatcher = new MessageDispatcher(db, [new DevOutboxChannel(Channel.Sms)], TestTexts.For(Calendar, Settings, Clock), Planner, Settings,
                new SendPacer(Settings with { Pacing = false }, TimeProvider.System), Signal, Clock, NullLogger<MessageDispatcher>.Instance);
            Assert.True(await dispatcher.RecordStatusAsync("SM-late", DeliveryStatus.Delivered, null));
        }
        var read = await MessageFiguresAsync();

        Assert.Equal([0, 2, 1, 1], read.Where(f => f.Channel == Channel.Sms).Select(f => f.Sent));
        Assert.Equal(await CountedLiveAsync(), read);
    }
}
