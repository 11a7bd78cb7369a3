using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>
/// Two job nodes pacing through one database on one simulated clock: together they keep the
/// provider's rate, however many sends wait on each.
/// </summary>
public abstract class SharedSendRateTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Two_job_nodes_together_send_at_most_a_seconds_burst_plus_ten_texts_a_second_and_use_the_whole_budget()
    {
        using var nodes = new PacedNodes(_database, new MessagingSettings { SmsPerSecond = 10 }, count: 2);
        var sends = Enumerable.Range(0, 2).SelectMany(node => Enumerable.Range(0, 100).Select(_ => nodes[node].WaitAsync(Channel.Sms, CancellationToken.None).AsTask())).ToList();

        var passed = await RecordAsync(nodes, TimeSpan.FromSeconds(10), sends);

        AssertWithinRate(passed, new SendRate(10), perSecond: 10, seconds: 10);
    }

    [Fact]
    public async Task A_pool_of_three_senders_gets_thirty_texts_a_second_while_calls_stay_at_one_a_second()
    {
        var settings = new MessagingSettings { SmsPerSecond = 10, Senders = 3, CallsPerSecond = 1 };
        using var nodes = new PacedNodes(_database, settings, count: 2);
        var texts = Enumerable.Range(0, 2).SelectMany(node => Enumerable.Range(0, 150).Select(_ => nodes[node].WaitAsync(Channel.Sms, CancellationToken.None).AsTask())).ToList();
        var calls = Enumerable.Range(0, 2).SelectMany(node => Enumerable.Range(0, 10).Select(_ => nodes[node].WaitAsync(Channel.Voice, CancellationToken.None).AsTask())).ToList();

        var textsPassed = new List<(TimeSpan At, int Passed)>();
        var callsPassed = new List<(TimeSpan At, int Passed)>();
        await nodes.RunAsync(TimeSpan.FromSeconds(5), at =>
        {
            textsPassed.Add((at, texts.Count(t => t.IsCompletedSuccessfully)));
            callsPassed.Add((at, calls.Count(t => t.IsCompletedSuccessfully)));
        });

        AssertWithinRate(textsPassed, new SendRate(30), perSecond: 30, seconds: 5);
        AssertWithinRate(callsPassed, new SendRate(1), perSecond: 1, seconds: 5);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_token_so_the_next_seconds_call_goes_to_the_other_node_and_only_one()
    {
        using var nodes = new PacedNodes(_database, new MessagingSettings { CallsPerSecond = 1 }, count: 2);
        var first = nodes[0].WaitAsync(Channel.Voice, CancellationToken.None).AsTask();
        Assert.Null(await nodes.SettleAsync());
        Assert.True(first.IsCompletedSuccessfully, "the first call of the second passes");

        using var giveUp = new CancellationTokenSource();
        var abandoned = nodes[0].WaitAsync(Channel.Voice, giveUp.Token).AsTask();
        Assert.Equal(nodes.Start.AddSeconds(1), await nodes.SettleAsync());
        await giveUp.CancelAsync();
        Assert.True(abandoned.IsCanceled);

        nodes.Time.SetUtcNow(nodes.Start.AddSeconds(1));
        Assert.Null(await nodes.SettleAsync());
        var other = nodes[1].WaitAsync(Channel.Voice, CancellationToken.None).AsTask();
        Assert.Null(await nodes.SettleAsync());
        Assert.True(other.IsCompletedSuccessfully, "the other node gets the token the cancelled wait left");
        var another = nodes[1].WaitAsync(Channel.Voice, CancellationToken.None).AsTask();
        Assert.Equal(nodes.Start.AddSeconds(2), await nodes.SettleAsync());
        Assert.False(another.IsCompleted, "that second's one call is spent");
    }

    private static async Task<List<(TimeSpan At, int Passed)>> RecordAsync(PacedNodes nodes, TimeSpan span, List<Task> sends)
    {
        var passed = new List<(TimeSpan At, int Passed)>();
        await nodes.RunAsync(span, at => passed.Add((at, sends.Count(t => t.IsCompletedSuccessfully))));
        return passed;
    }

    /// <summary>
    /// The token bucket's promise over the whole run, counted at every moment the nodes settled: never
    /// more than one second's burst ahead of the rate; after the first second, no second holds more than
    /// the rate and one grant less a token (a node takes up to a grant at once); and the nodes leave
    /// nothing of the budget unused while sends wait.
    /// </summary>
    private static void AssertWithinRate(List<(TimeSpan At, int Passed)> passed, SendRate rate, int perSecond, int seconds)
    {
        Assert.All(passed, p => Assert.True(p.Passed <= rate.Burst + perSecond * p.At.TotalSeconds,
            $"{p.Passed} sends passed by {p.At.TotalSeconds:0.000} s; at most {rate.Burst} + {perSecond}/s may"));
        for (var second = 1; second < seconds; second++)
        {
            var inSecond = PassedBefore(passed, second + 1) - PassedBefore(passed, second);
            Assert.True(inSecond <= perSecond + rate.Grant - 1, $"{inSecond} sends passed in second {second}; at most {perSecond + rate.Grant - 1} may");
        }
        var total = PassedBefore(passed, seconds);
        Assert.True(total >= perSecond * seconds, $"only {total} sends passed in {seconds} s at {perSecond}/s while more waited");
    }

    private static int PassedBefore(List<(TimeSpan At, int Passed)> passed, int second) =>
        passed.Where(p => p.At < TimeSpan.FromSeconds(second)).Select(p => p.Passed).DefaultIfEmpty(0).Max();
}

public sealed class SqliteSharedSendRateTests() : SharedSendRateTests(DatabaseProvider.Sqlite);

public sealed class PostgresSharedSendRateTests() : SharedSendRateTests(DatabaseProvider.Postgres);
