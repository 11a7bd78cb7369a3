using Allo.Scheduler.Messaging;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Messaging;

public sealed class OutboxWakeUpTests
{
    private readonly NodaTime.Testing.FakeClock _clock = TestClock.At(TestClock.Tuesday0800);

    private OutboundMessage Due(Duration inFuture) => new() { Id = Guid.NewGuid(), NextAttemptAt = _clock.GetCurrentInstant() + inFuture };

    [Fact]
    public void A_commit_of_a_message_due_now_wakes_the_poller_and_the_next_wait_starts_afresh()
    {
        var wakeUp = new OutboxWakeUp(_clock);
        var waiting = wakeUp.Next;

        wakeUp.Committed([Due(Duration.FromHours(10)), Due(Duration.Zero)]);

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.False(wakeUp.Next.IsCompleted);
    }

    [Fact]
    public void A_commit_of_reminders_due_later_wakes_nobody()
    {
        var wakeUp = new OutboxWakeUp(_clock);
        var waiting = wakeUp.Next;

        wakeUp.Committed([Due(Duration.FromHours(10)), Due(Duration.FromMinutes(1))]);
        wakeUp.Committed([]);

        Assert.False(waiting.IsCompleted);
        Assert.Same(waiting, wakeUp.Next);
    }
}
