using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>
/// With a relay service open 14:00 to 16:00 (calls of at most 30 minutes), a deaf citizen with a landline
/// waiting for any time on the full Wednesday is offered only a relay call the relay can carry whole, by
/// the booking path's own rule; a citizen called directly still gets the earliest free time.
/// </summary>
public abstract class WaitlistRelayHoursTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    private const string Deaf = "02 572 57 61", Hearing = "0470 12 00 01";
    private static readonly Instant Wednesday13 = TestClock.Brussels(2026, 12, 2, 13), Wednesday14 = TestClock.Brussels(2026, 12, 2, 14);

    private static readonly RelayService Relay = new(
        new PhoneNumber("+3225725757", PhoneKind.Landline), new DailyHours(new LocalTime(14, 0), new LocalTime(16, 0)), 30, 2);

    private WaitlistService RelayWaitlist(AlloDbContext db) =>
        new(db, Calendar, Clock, Planner, Signal, TestBookings.Service(db, Clock, Signal, Settings, Calendar, Relay));

    private async Task JoinWednesdayAsync(string phone, string? email, Needs needs)
    {
        Clock.Advance(Duration.FromMinutes(1));
        await using var db = Database.NewContext();
        Assert.IsType<JoinOutcome.Joined>(await RelayWaitlist(db).JoinAsync(Phone(phone), Language.Fr, null, email, needs, Wednesday, Wednesday, DayParts.Any));
    }

    private async Task<int> RelaySweepAsync()
    {
        await using var db = Database.NewContext();
        return await RelayWaitlist(db).SweepAsync();
    }

    private async Task<List<Booking>> OfferedAsync(string phone)
    {
        await using var db = Database.NewContext();
        var e164 = Phone(phone).E164;
        return await db.Bookings.AsNoTracking().Where(b => b.PhoneE164 == e164 && b.Status == BookingStatus.Offered).ToListAsync();
    }

    [Fact]
    public async Task A_relay_entry_first_in_line_is_offered_the_first_free_relay_call_inside_the_relay_hours_and_a_direct_call_the_earliest_time()
    {
        // The deaf citizen joined first: without the relay's hours they would be offered 13:00.
        await JoinWednesdayAsync(Deaf, "paul@example.be", new Needs { Hearing = true });
        await JoinWednesdayAsync(Hearing, null, Needs.None);

        Assert.Equal(2, await RelaySweepAsync());

        var relay = Assert.Single(await OfferedAsync(Deaf));
        Assert.Equal(CallbackMode.RelayCall, relay.Plan.Callback.Value);
        Assert.Equal((Wednesday14, Wednesday14 + Duration.FromMinutes(30)), (relay.SlotStart, relay.SlotEnd));
        var direct = Assert.Single(await OfferedAsync(Hearing));
        Assert.Equal(Wednesday13, direct.SlotStart);
    }

    [Fact]
    public async Task A_relay_entry_is_never_offered_a_time_outside_the_relay_hours_even_when_only_those_are_free()
    {
        foreach (var hour in new[] { 14, 15 })
        {
            await SetSeatsAsync(TestClock.Brussels(2026, 12, 2, hour), 0);
        }
        await JoinWednesdayAsync(Deaf, "paul@example.be", new Needs { Hearing = true });
        await JoinWednesdayAsync(Hearing, null, Needs.None);

        Assert.Equal(1, await RelaySweepAsync());

        Assert.Empty(await OfferedAsync(Deaf));
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(Deaf)).Status);
        Assert.Equal(Wednesday13, Assert.Single(await OfferedAsync(Hearing)).SlotStart);
    }
}

public sealed class SqliteWaitlistRelayHoursTests() : WaitlistRelayHoursTests(DatabaseProvider.Sqlite);

public sealed class PostgresWaitlistRelayHoursTests() : WaitlistRelayHoursTests(DatabaseProvider.Postgres);
