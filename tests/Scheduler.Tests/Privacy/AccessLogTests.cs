using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Privacy;

/// <summary>The access log on each provider: recording, the managers' search, its retention, and erased bookings.</summary>
public abstract class AccessLogTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    private async Task<Domain.Bookings.Booking> BookedAsync(string phone, string slot = TestClock.Wednesday1000Slot) =>
        Assert.IsType<BookingOutcome.Done>(await BookAsync(new BookingInput { SlotStart = slot, Phone = phone, Language = "nl", Name = "Marie" })).Booking;

    private async Task RecordAsync(string staffId, AccessReason reason, params Domain.Bookings.Booking[] bookings)
    {
        await using var db = Database.NewContext();
        await new AccessLog(db, Clock).RecordAsync(staffId, reason, bookings.Select(b => (b.Id, b.Reference)));
    }

    private async Task<(IReadOnlyList<AccessLogRow> Rows, int Total)> SearchAsync(string? reference = null, string? staffId = null, int page = 1)
    {
        await using var db = Database.NewContext();
        return await new AccessLog(db, Clock).SearchAsync(reference, staffId, page);
    }

    private async Task<List<AccessLogEntry>> EntriesAsync()
    {
        await using var db = Database.NewContext();
        return await db.AccessLog.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task A_list_of_bookings_is_recorded_as_one_entry_each_with_who_when_and_why_and_a_booking_twice_once()
    {
        var first = await BookedAsync("0470 12 34 56");
        var second = await BookedAsync("0470 12 34 57");
        await RecordAsync("agent-1", AccessReason.Claim, first, second, first);

        var entries = await EntriesAsync();
        Assert.Equal(new[] { first.Reference, second.Reference }.Order(), entries.Select(e => e.Reference).Order());
        Assert.Equal(new[] { first.Id, second.Id }.Order(), entries.Select(e => e.BookingId).Order());
        Assert.All(entries, e => Assert.Equal(("agent-1", AccessReason.Claim, Clock.GetCurrentInstant()), (e.StaffId, e.Reason, e.At)));
    }

    [Fact]
    public async Task Recording_nothing_writes_no_entry()
    {
        await RecordAsync("agent-1", AccessReason.Review);
        Assert.Empty(await EntriesAsync());
    }

    [Fact]
    public async Task The_log_table_holds_the_reference_and_ids_but_no_column_for_a_number_a_name_or_words()
    {
        await using var db = Database.NewContext();
        var columns = db.Model.FindEntityType(typeof(AccessLogEntry))!.GetProperties().Select(p => p.GetColumnName()).Order();
        Assert.Equal(new[] { "At", "BookingId", "Id", "Reason", "Reference", "StaffId" }, columns);
    }

    [Fact]
    public async Task The_search_finds_by_reference_or_by_staff_member_newest_first_with_the_staff_members_name()
    {
        await using (var db = Database.NewContext())
        {
            db.Users.Add(new StaffUser { Id = "ann", UserName = "ann@allo.example", DisplayName = "Ann Peeters" });
            await db.SaveChangesAsync();
        }
        var first = await BookedAsync("0470 12 34 56");
        var second = await BookedAsync("0470 12 34 57");
        await RecordAsync("ann", AccessReason.Claim, first);
        Clock.Advance(Duration.FromMinutes(5));
        await RecordAsync("bert", AccessReason.Outcome, first, second);

        var byReference = await SearchAsync(reference: first.Reference);
        Assert.Equal(2, byReference.Total);
        Assert.Equal([("bert", AccessReason.Outcome, (string?)null), ("ann", AccessReason.Claim, "Ann Peeters")],
            byReference.Rows.Select(r => (r.Entry.StaffId, r.Entry.Reason, r.StaffName)));
        var byStaff = await SearchAsync(staffId: "bert");
        Assert.Equal(new[] { first.Reference, second.Reference }.Order(), byStaff.Rows.Select(r => r.Entry.Reference).Order());
        Assert.Equal(3, (await SearchAsync()).Total);
        Assert.Empty((await SearchAsync(reference: "ZZZZZZ")).Rows);
        Assert.All(byReference.Rows, r => Assert.False(r.Erased));
    }

    [Fact]
    public async Task The_search_is_paged_fifty_entries_a_page()
    {
        var booking = await BookedAsync("0470 12 34 56");
        for (var i = 0; i < AccessLog.PageSize + 3; i++)
        {
            await RecordAsync("agent-1", AccessReason.Claim, booking);
            Clock.Advance(Duration.FromSeconds(1));
        }
        var first = await SearchAsync(reference: booking.Reference);
        var second = await SearchAsync(reference: booking.Reference, page: 2);
        Assert.Equal((AccessLog.PageSize + 3, AccessLog.PageSize, 3), (first.Total, first.Rows.Count, second.Rows.Count));
        Assert.True(first.Rows[^1].Entry.At > second.Rows[0].Entry.At);
    }

    [Fact]
    public async Task The_retention_job_deletes_entries_older_than_the_log_retention_and_keeps_younger_ones()
    {
        var booking = await BookedAsync("0470 12 34 56");
        await RecordAsync("agent-1", AccessReason.Claim, booking);
        var old = Clock.GetCurrentInstant();
        Clock.Advance(Duration.FromDays(100));
        await RecordAsync("agent-2", AccessReason.Review, booking);

        // 365 days after the first entry: a year and a moment, so it goes; the second is 265 days old.
        Clock.Reset(old + Duration.FromDays(365) + Duration.FromMinutes(1));
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock, new AccessLogSettings()).EraseExpiredAsync(CancellationToken.None);
        }
        Assert.Equal("agent-2", Assert.Single(await EntriesAsync()).StaffId);

        // A shorter period set by AccessLog:RetentionDays is honoured too.
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock, new AccessLogSettings { RetentionDays = 200 }).EraseExpiredAsync(CancellationToken.None);
        }
        Assert.Empty(await EntriesAsync());
    }

    [Fact]
    public async Task A_booking_erased_after_the_retention_period_keeps_its_entries_and_the_search_says_erased()
    {
        var booking = await BookedAsync("0470 12 34 56");
        await RecordAsync("agent-1", AccessReason.Claim, booking);
        Clock.Reset(TestClock.Brussels(2027, 1, 2, 12));
        await EndTheDaysAsync();
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock, new AccessLogSettings()).EraseExpiredAsync(CancellationToken.None);
            Assert.NotNull((await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id)).ErasedAt);
        }
        var row = Assert.Single((await SearchAsync(reference: booking.Reference)).Rows);
        Assert.True(row.Erased);
        Assert.Equal((booking.Id, booking.Reference), (row.Entry.BookingId, row.Entry.Reference));
    }
}

public sealed class SqliteAccessLogTests() : AccessLogTests(DatabaseProvider.Sqlite);

public sealed class PostgresAccessLogTests() : AccessLogTests(DatabaseProvider.Postgres);
