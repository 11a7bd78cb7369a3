using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>The retention job erases who waited once the period after leaving the list is over (classes at the end).</summary>
public abstract class WaitlistRetentionTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    private const string Leaver = "0470 12 00 01", StillWaiting = "0470 12 00 02";

    [Fact]
    public async Task An_entry_that_left_the_list_keeps_its_details_for_the_retention_period_then_loses_number_name_address_and_language_but_keeps_its_needs_days_and_status()
    {
        var needs = Needs.None with { Hearing = true, OtherLanguage = "Tigrinya" };
        JoinOutcome.Joined leaver;
        await using (var db = Database.NewContext())
        {
            leaver = Assert.IsType<JoinOutcome.Joined>(await NewWaitlist(db).JoinAsync(Phone(Leaver), Language.Nl, "An Peeters", "an@example.org", needs, Wednesday, Wednesday, DayParts.Morning));
        }
        await using (var db = Database.NewContext())
        {
            Assert.True(await NewWaitlist(db).LeaveAsync(leaver.Entry.Id, leaver.ManageToken));
        }
        await JoinAsync(StillWaiting);

        Clock.Advance(Duration.FromDays(Settings.RetentionDays) - Duration.FromMinutes(5));
        await RetainAsync();
        var kept = await EntryAsync(Leaver);
        Assert.Equal("An Peeters", kept.Name);
        Assert.Equal("an@example.org", kept.Email);

        Clock.Advance(Duration.FromMinutes(10));
        await RetainAsync();
        await using (var db = Database.NewContext())
        {
            var erased = db.WaitlistEntries.Single(e => e.Id == leaver.Entry.Id);
            Assert.Equal(Booking.ErasedPhone, erased.PhoneE164);
            Assert.Null(erased.Name);
            Assert.Null(erased.Email);
            Assert.True(erased.Needs.Hearing);
            Assert.NotEqual("Tigrinya", erased.Needs.OtherLanguage);
            Assert.Equal(WaitlistStatus.Left, erased.Status);
            Assert.Equal(Wednesday, erased.FirstDay);
            Assert.NotNull(erased.LeftAt);
        }
        // Someone still in line is kept whatever the date: they are waiting for a call.
        Assert.Equal(Phone(StillWaiting).E164, (await EntryAsync(StillWaiting)).PhoneE164);
    }

    private async Task RetainAsync()
    {
        await using var db = Database.NewContext();
        await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
    }
}

public sealed class SqliteWaitlistRetentionTests() : WaitlistRetentionTests(DatabaseProvider.Sqlite);

public sealed class PostgresWaitlistRetentionTests() : WaitlistRetentionTests(DatabaseProvider.Postgres);
