using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>
/// On PostgreSQL the outbox's pages keep room for a message's next version
/// (docs/decisions/0041-the-outbox-keeps-room-on-its-pages.md), so the lease, which changes no
/// indexed column, updates the rows in place instead of adding an entry to every index. The batch's
/// own statements and guarantees are tested through the batch (DispatcherTests.Batches).
/// </summary>
public sealed class OutboxPageRoomTests() : BookingTestBase(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task The_outbox_table_keeps_half_of_each_page_free()
    {
        await using var db = Database.NewContext();
        var options = await db.Database.SqlQuery<string>($"""
            SELECT array_to_string(reloptions, ',') AS "Value" FROM pg_class WHERE relname = 'OutboundMessages'
            """).SingleAsync();
        Assert.Equal("fillfactor=50", options);
    }

    [Fact]
    public async Task Setting_the_lease_of_a_hundred_messages_on_full_pages_updates_at_least_nine_in_ten_in_place()
    {
        // Pages filled as a day's bookings fill them, more rows than one lease takes.
        await BookThreeDozenAsync("0470 41 00");
        await using var db = Database.NewContext();
        Assert.True(await db.OutboundMessages.CountAsync() > 100);

        await using var tx = await db.Database.BeginTransactionAsync();
        var later = Clock.GetCurrentInstant() + Duration.FromDays(30);
        // What a lease writes: the lease's end, on the oldest hundred.
        var leased = await db.OutboundMessages.OrderBy(m => m.NextAttemptAt).Take(100)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, later));
        // This transaction's own counts: nothing else's, and no wait for the statistics to be flushed.
        var inPlace = await db.Database.SqlQuery<long>($"""
            SELECT pg_stat_get_xact_tuples_hot_updated('"OutboundMessages"'::regclass) AS "Value"
            """).SingleAsync();

        Assert.Equal(100, leased);
        Assert.True(inPlace >= 90, $"{inPlace} of 100 leased rows were updated in place.");
    }
}
