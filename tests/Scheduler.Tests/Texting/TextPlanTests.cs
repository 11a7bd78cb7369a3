using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Scheduler.Tests.Texting;

/// <summary>
/// Every incoming text, on a database shaped like a year (PostgreSQL), is answered through indexes:
/// none of its statements reads a national-size table whole (<see cref="QueryPlans"/>).
/// </summary>
public sealed class TextPlanTests() : TextConversationTestBase(DatabaseProvider.Postgres)
{
    private const string Prefix = "+32470420";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ShapeLikeAYearAsync();
    }

    [Fact]
    public async Task A_text_that_is_not_understood_finds_the_numbers_latest_booking_through_an_index()
    {
        var plans = new QueryPlans();
        await using (var db = Database.NewContext(plans))
        {
            await Conversations(db).NotReadAsync(Prefix + "003", "zzz");
        }

        Assert.Contains(plans.Plans, p => p.Plan.Contains("IX_Bookings_PhoneE164_CreatedAt", StringComparison.Ordinal));
        Assert.Empty(plans.FullScans());
    }

    [Fact]
    public async Task Booking_moving_cancelling_stopping_and_waiting_by_text_read_no_national_table_whole()
    {
        var plans = new QueryPlans();
        foreach (var (phone, body) in new[]
        {
            ("050", "afspraak"), ("050", "1"), ("002", "annuleer"), ("002", "ja"), ("003", "Dank u!"), ("004", "STOP"),
            ("004", "START"), ("005", "verzetten"), ("005", "1"), ("051", "WACHTLIJST"), ("052", "hallo"),
        })
        {
            await using var db = Database.NewContext(plans);
            await Conversations(db).HandleAsync($"SM{Guid.NewGuid():N}", Prefix + phone, body);
        }

        Assert.NotEmpty(plans.Plans);
        Assert.Empty(plans.SeqScans());
    }
}
