using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>
/// On PostgreSQL the outbox's frequent look-ups go through partial indexes that hold only the rows they
/// look for: the lease finds the queued messages by when they are due (migration OutboxQueueIndex), and
/// a STOP's withdrawal (OptOuts) and an incoming text's look-up of the thank-you it may answer
/// (FeedbackService) find a number's messages by address (migration OutboxFoundByAddress), not by
/// reading every queued message or every message. The statements are written as OutboxSql and EF Core
/// write them; the planner is kept off sequential scans, which a test's few hundred rows would otherwise
/// favour, so the test shows which index it takes.
/// </summary>
public sealed class OutboxIndexTests() : BookingTestBase(DatabaseProvider.Postgres)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await BookThreeDozenAsync("0470 42 00");
    }

    [Fact]
    public async Task The_lease_finds_the_oldest_due_messages_through_the_queue_index()
    {
        var plan = await PlanAsync("""
            SELECT "Id" FROM "OutboundMessages"
            WHERE "Status" = 'Queued' AND "NextAttemptAt" <= now() AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= now())
            ORDER BY "NextAttemptAt" LIMIT 100
            FOR UPDATE SKIP LOCKED
            """);

        Assert.Contains("IX_OutboundMessages_QueuedDue", plan);
    }

    [Fact]
    public async Task A_numbers_queued_texts_are_found_through_the_queued_address_index()
    {
        var plan = await PlanAsync("""
            SELECT o."Id" FROM "OutboundMessages" AS o
            WHERE o."To" = '+32470420007' AND o."Channel" = 'Sms' AND o."Status" = 'Queued'
            """);

        Assert.Contains("IX_OutboundMessages_QueuedTo", plan);
    }

    [Fact]
    public async Task The_thank_you_text_a_number_may_answer_is_found_through_the_thank_you_index()
    {
        var plan = await PlanAsync("""
            SELECT o."BookingId" FROM "OutboundMessages" AS o
            WHERE o."Kind" = 'ThankYou' AND o."Channel" = 'Sms' AND o."To" = '+32470420007' AND o."SentAt" IS NOT NULL AND o."SentAt" >= now() - interval '7 days'
            ORDER BY o."SentAt" DESC
            LIMIT 1
            """);

        Assert.Contains("IX_OutboundMessages_ThankYouTextsTo", plan);
    }

    private async Task<string> PlanAsync(string sql)
    {
        await using var db = Database.NewContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("""ANALYZE "OutboundMessages"; SET enable_seqscan = off""");
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN " + sql;
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }
}
