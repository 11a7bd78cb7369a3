using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;

namespace Allo.Scheduler.Tests.Calls;

/// <summary>Calls go to agents who speak their language and have the skill they need (docs/decisions/0017); once per provider.</summary>
public abstract class CallRoutingTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    protected const string Greta = "greta"; // German only
    protected const string Daan = "daan";   // Dutch only, no skills
    protected static readonly Instant Due = TestClock.Wednesday1000 + Duration.FromMinutes(1);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestAgents.AddAsync(Database, Greta, "de", StaffSkills.None);
        await TestAgents.AddAsync(Database, Daan, "nl", StaffSkills.None);
    }

    protected CallQueue Queue(Scheduler.Persistence.AlloDbContext db, RoutingMode mode) =>
        new(db, Clock, new Domain.Calls.CallPolicy(), Planner, Signal, Calendar, callRouting: new CallRouting(mode));

    protected async Task<T> WithQueue<T>(Func<CallQueue, Task<T>> act, RoutingMode mode = RoutingMode.Strict)
    {
        await using var db = Database.NewContext();
        return await act(Queue(db, mode));
    }

    /// <summary>Booked for Wednesday 10:00 (book every call of a test before <see cref="EnterDueAsync"/>).</summary>
    protected async Task<Booking> BookedAsync(string phone, string language, bool interpreter = false)
    {
        var outcome = await BookAsync(Input(TestClock.Wednesday1000, phone, language) with
        {
            Needs = new NeedsInput { OtherLanguage = interpreter, OtherLanguageName = interpreter ? "Arabic" : null },
        });
        return Assert.IsType<BookingOutcome.Done>(outcome).Booking;
    }

    /// <summary>At 10:01: the 10:00 calls are in the queue.</summary>
    protected async Task EnterDueAsync()
    {
        Clock.Reset(Due);
        await WithQueue(q => q.EnterDueAsync());
    }

    protected async Task<Booking> DueAsync(string phone, string language, bool interpreter = false)
    {
        var booking = await BookedAsync(phone, language, interpreter);
        await EnterDueAsync();
        return booking;
    }

    protected async Task<Booking> ReloadAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id);
    }

    protected async Task<List<ClaimReason>> ReasonsAsync()
    {
        await using var db = Database.NewContext();
        return await db.ClaimReasons.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task A_German_call_is_offered_to_the_German_speaking_agent_and_in_strict_mode_never_to_a_Dutch_only_agent()
    {
        var german = await BookedAsync("0470 40 00 01", "de");
        var dutch = await BookedAsync("0470 40 00 02", "nl");
        await EnterDueAsync();

        var greta = await WithQueue(q => q.ViewAsync(Greta));
        Assert.Equal([german.Id], greta.DueNow.Select(i => i.Id));
        Assert.Equal(1, greta.ForColleagues);

        var daan = await WithQueue(q => q.ViewAsync(Daan));
        Assert.Equal([dutch.Id], daan.DueNow.Select(i => i.Id));
        Assert.Empty(daan.Overflow);
        Assert.Equal(1, daan.ForColleagues);
        // Still nobody else is free to take the German call an hour later: strict mode still keeps it from Daan.
        Clock.Advance(Duration.FromHours(1));
        Assert.Empty((await WithQueue(q => q.ViewAsync(Daan))).Overflow);
    }

    [Fact]
    public async Task In_overflow_mode_a_Dutch_only_agent_sees_the_German_call_only_while_no_German_speaking_agent_is_free()
    {
        var german = await BookedAsync("0470 40 00 03", "de");
        var second = await BookedAsync("0470 40 00 04", "de");
        await EnterDueAsync();

        // Greta has the queue open and holds nothing: she is free, so the German calls are hers.
        await WithQueue(q => q.ViewAsync(Greta), RoutingMode.Overflow);
        var whileFree = await WithQueue(q => q.ViewAsync(Daan), RoutingMode.Overflow);
        Assert.Empty(whileFree.DueNow);
        Assert.Empty(whileFree.Overflow);
        Assert.Equal(2, whileFree.ForColleagues);

        // She takes one: no German speaker is free, and the other German call is shown to Daan.
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(german.Id, Greta), RoutingMode.Overflow));
        var whileBusy = await WithQueue(q => q.ViewAsync(Daan), RoutingMode.Overflow);
        Assert.Equal([second.Id], whileBusy.Overflow.Select(i => i.Id));
        Assert.Equal(0, whileBusy.ForColleagues);
    }

    [Fact]
    public async Task In_overflow_mode_an_agent_who_has_not_opened_the_queue_for_five_minutes_is_not_free()
    {
        var german = await DueAsync("0470 40 00 05", "de");
        await WithQueue(q => q.ViewAsync(Greta), RoutingMode.Overflow);
        Clock.Advance(CallRouting.SeenWithin - Duration.FromSeconds(1));
        Assert.Empty((await WithQueue(q => q.ViewAsync(Daan), RoutingMode.Overflow)).Overflow);
        Clock.Advance(Duration.FromSeconds(2));
        Assert.Equal([german.Id], (await WithQueue(q => q.ViewAsync(Daan), RoutingMode.Overflow)).Overflow.Select(i => i.Id));
    }

    [Fact]
    public async Task An_interpreter_call_goes_only_to_an_agent_with_the_interpreter_skill_who_speaks_its_language()
    {
        await TestAgents.AddAsync(Database, "iris", "nl", StaffSkills.Interpreter);
        var interpreted = await DueAsync("0470 40 00 06", "nl", interpreter: true);
        Assert.Equal(StaffSkills.Interpreter, CallNeed.Of(interpreted).Skill);

        Assert.Equal([interpreted.Id], (await WithQueue(q => q.ViewAsync("iris"))).DueNow.Select(i => i.Id));
        var daan = await WithQueue(q => q.ViewAsync(Daan));
        Assert.Empty(daan.DueNow);
        Assert.Equal(1, daan.ForColleagues);
        Assert.Equal(ClaimResult.ReasonRequired, await WithQueue(q => q.ClaimAsync(interpreted.Id, Daan)));
    }

    [Fact]
    public async Task A_claim_of_a_call_the_agent_cannot_serve_without_a_reason_is_refused_and_changes_nothing()
    {
        var german = await DueAsync("0470 40 00 07", "de");
        Assert.Equal(ClaimResult.ReasonRequired, await WithQueue(q => q.ClaimAsync(german.Id, Daan)));
        Assert.Equal(ClaimResult.ReasonRequired, await WithQueue(q => q.ClaimAsync(german.Id, Daan, "   ")));
        var after = await ReloadAsync(german.Id);
        Assert.Equal((BookingStatus.Queued, (string?)null, (Instant?)null), (after.Status, after.ClaimedBy, after.ClaimExpiresAt));
        Assert.Empty(await ReasonsAsync());
        Assert.Single((await WithQueue(q => q.ViewAsync(Greta))).DueNow);
    }

    [Fact]
    public async Task A_claim_of_a_call_the_agent_cannot_serve_with_a_reason_records_who_when_which_call_and_why()
    {
        var german = await DueAsync("0470 40 00 08", "de");
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(german.Id, Daan, "  No German speaker on shift; the citizen speaks some Dutch.  ")));

        Assert.Equal(Daan, (await ReloadAsync(german.Id)).ClaimedBy);
        var reason = Assert.Single(await ReasonsAsync());
        Assert.Equal((german.Id, Daan, Due, Language.De, StaffSkills.None, "No German speaker on shift; the citizen speaks some Dutch."),
            (reason.BookingId, reason.AgentId, reason.At, reason.CallLanguage, reason.NeededSkill, reason.Reason));
        var forGreta = (await WithQueue(q => q.DetailsAsync(german.Id, Greta)))!;
        var shown = Assert.Single(forGreta.Reasons);
        Assert.Equal((Daan, "No German speaker on shift; the citizen speaks some Dutch."), (shown.AgentName, shown.Reason));
        Assert.Equal((true, false), (forGreta.Serves, (await WithQueue(q => q.DetailsAsync(german.Id, Daan)))!.Serves));
    }

    [Fact]
    public async Task Retention_erases_the_words_of_a_reason_and_keeps_who_took_the_call_and_when()
    {
        var german = await DueAsync("0470 40 00 12", "de");
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(german.Id, Daan, "Mevrouw Peeters spreekt ook Nederlands.")));
        Clock.Advance(Duration.FromDays(31));
        await EndTheDaysAsync();
        await using (var db = Database.NewContext())
        {
            await new Scheduler.Messaging.RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }
        var reason = Assert.Single(await ReasonsAsync());
        Assert.Equal((Daan, Due, ""), (reason.AgentId, reason.At, reason.Reason));
    }

    [Fact]
    public async Task A_claim_of_a_call_the_agent_can_serve_records_no_reason_even_when_given_one()
    {
        var german = await DueAsync("0470 40 00 09", "de");
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(german.Id, Greta, "just because")));
        Assert.Empty(await ReasonsAsync());
    }

    [Fact]
    public async Task A_deactivated_or_unknown_agent_cannot_claim_and_nothing_changes()
    {
        var german = await DueAsync("0470 40 00 10", "de");
        await using (var db = Database.NewContext())
        {
            await db.Users.Where(u => u.Id == Greta).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedAt, Clock.GetCurrentInstant()));
        }
        Assert.Equal(ClaimResult.AgentInactive, await WithQueue(q => q.ClaimAsync(german.Id, Greta)));
        Assert.Equal(ClaimResult.AgentInactive, await WithQueue(q => q.ClaimAsync(german.Id, "nobody")));
        Assert.Null((await ReloadAsync(german.Id)).ClaimedBy);
        Assert.Empty((await WithQueue(q => q.ViewAsync(Greta))).DueNow);
    }
}

public sealed class SqliteCallRoutingTests() : CallRoutingTests(DatabaseProvider.Sqlite);

public sealed class PostgresCallRoutingTests() : CallRoutingTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_agents_claiming_one_German_call_at_once_the_one_who_speaks_it_and_the_one_with_a_reason_exactly_one_wins()
    {
        // Four rounds: the 10:00 slot has four seats.
        var calls = new List<Booking>();
        for (var round = 0; round < 4; round++)
        {
            calls.Add(await BookedAsync($"0470 41 00 {round:D2}", "de"));
        }
        await EnterDueAsync();
        foreach (var german in calls)
        {
            using var start = new ManualResetEventSlim();
            var claims = new[] { (Greta, (string?)null), (Daan, "Nobody else is free.") }.Select(a => Task.Run(async () =>
            {
                start.Wait();
                await using var db = Database.NewContext();
                return (Agent: a.Item1, Result: await Queue(db, RoutingMode.Strict).ClaimAsync(german.Id, a.Item1, a.Item2));
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(claims);
            var winner = Assert.Single(results, r => r.Result == ClaimResult.Claimed);
            Assert.Equal(ClaimResult.TakenByOther, Assert.Single(results, r => r != winner).Result);
            Assert.Equal(winner.Agent, (await ReloadAsync(german.Id)).ClaimedBy);
            // A reason is recorded only for the claim that landed, and only if it was Daan's.
            await using var check = Database.NewContext();
            Assert.Equal(winner.Agent == Daan ? 1 : 0, await check.ClaimReasons.CountAsync(r => r.BookingId == german.Id));
        }
    }

    [Fact]
    public async Task A_claim_that_meets_a_deactivation_in_flight_waits_for_it_and_then_is_refused_and_changes_nothing()
    {
        var german = await DueAsync("0470 40 00 11", "de");
        await using var manager = new NpgsqlConnection(Database.ConnectionString);
        await manager.OpenAsync();
        await using var deactivation = await manager.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE \"AspNetUsers\" SET \"DeactivatedAt\" = now() WHERE \"Id\" = @id", manager, deactivation))
        {
            update.Parameters.AddWithValue("id", Greta);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var claim = WithQueue(q => q.ClaimAsync(german.Id, Greta));
        await Eventually.Until(async () =>
        {
            await using var look = new NpgsqlConnection(Database.ConnectionString);
            await look.OpenAsync();
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE%' AND datname = current_database()", look);
            return (long)(await waiting.ExecuteScalarAsync())! > 0;
        }, "the claim to wait for the deactivation's lock on the agent");
        Assert.False(claim.IsCompleted);
        await deactivation.CommitAsync();

        Assert.Equal(ClaimResult.AgentInactive, await claim);
        Assert.Null((await ReloadAsync(german.Id)).ClaimedBy);
    }
}
