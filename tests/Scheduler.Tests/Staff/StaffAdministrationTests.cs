using Allo.Domain.Bookings;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Staff;

/// <summary>Every management action on a real database; run once per provider by the classes below.</summary>
public abstract class StaffAdministrationTests(DatabaseProvider provider) : StaffTestBase(provider)
{
    [Fact]
    public async Task Adding_an_agent_makes_an_invited_account_without_password_and_mails_an_absolute_link_in_their_first_language()
    {
        var link = await AddAsync(Person("ann@allo.example", languages: "fr nl", skills: "interpreter;relay"));

        var member = await MemberAsync(link.AccountId);
        Assert.Equal((StaffStatus.Invited, StaffRoles.Agent, "fr,nl", StaffSkills.Interpreter | StaffSkills.Relay), (member.Status, member.Role, member.Languages, member.Skills));
        Assert.True(link.Mailed);
        Assert.Equal("http://localhost:5080/staff/set-password", link.Link.GetLeftPart(UriPartial.Path));
        Assert.Contains("lang=fr", link.Link.Query);
        var mail = Assert.Single(Mailbox.Sent);
        Assert.Equal(("ann@allo.example", Domain.Language.Fr), (mail.To, mail.Language));
        Assert.Contains(link.Link.AbsoluteUri, mail.Text);
        Assert.Equal(Clock.GetCurrentInstant() + Duration.FromHours(72), link.ExpiresAt);
    }

    [Fact]
    public async Task Only_the_hash_of_the_token_is_stored()
    {
        var link = await AddAsync(Person("ann@allo.example"));
        var stored = await Db(db => db.StaffPasswordLinks.SingleAsync());
        Assert.Equal(StaffPasswordLink.Hash(TokenOf(link)), stored.TokenHash);
        Assert.DoesNotContain(TokenOf(link), stored.TokenHash);
    }

    [Fact]
    public async Task An_email_that_has_an_account_is_refused_and_nothing_is_added()
    {
        await AddAsync(Person("ann@allo.example"));
        var outcome = await Admin(a => a.AddAsync(ManagerId, Person("ANN@allo.example")));
        Assert.Equal(StaffProblem.EmailTaken, Assert.IsType<StaffOutcome.Refused>(outcome).Problem);
        Assert.Equal(2, await Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_adds_nobody()
    {
        var outcome = await Admin(a => a.AddAsync(ManagerId, new StaffInput("", "not-an-email", "Boss", "xx", "juggling")));
        var fields = Assert.IsType<StaffOutcome.Invalid>(outcome).Errors.Select(e => e.Field).Order().ToArray();
        Assert.Equal(["email", "languages", "name", "role", "skills"], fields);
        Assert.Equal(1, await Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task The_link_sets_a_password_once_and_a_second_use_is_refused()
    {
        var link = await AddAsync(Person("ann@allo.example"));
        var first = await Admin(a => a.SetPasswordAsync(TokenOf(link), Password));
        var second = await Admin(a => a.SetPasswordAsync(TokenOf(link), "Another-Horse-43"));

        Assert.Null(first.Problem);
        Assert.Equal(StaffProblem.LinkInvalid, second.Problem);
        Assert.True(await PasswordWorksAsync(link.AccountId, Password));
        Assert.False(await PasswordWorksAsync(link.AccountId, "Another-Horse-43"));
        Assert.Equal(StaffStatus.Active, (await MemberAsync(link.AccountId)).Status);
    }

    [Fact]
    public async Task The_link_works_until_72_hours_and_not_after()
    {
        var link = await AddAsync(Person("ann@allo.example"));
        var other = await AddAsync(Person("bob@allo.example"));
        Clock.Reset(link.ExpiresAt - Duration.FromSeconds(1));
        Assert.Null((await Admin(a => a.SetPasswordAsync(TokenOf(link), Password))).Problem);
        Clock.Reset(other.ExpiresAt);
        Assert.Equal(StaffProblem.LinkInvalid, (await Admin(a => a.SetPasswordAsync(TokenOf(other), Password))).Problem);
        Assert.Equal(StaffStatus.Invited, (await MemberAsync(other.AccountId)).Status);
    }

    [Fact]
    public async Task A_password_against_the_policy_is_refused_with_identity_codes_and_the_link_still_works()
    {
        var link = await AddAsync(Person("ann@allo.example"));
        var (problem, errors) = await Admin(a => a.SetPasswordAsync(TokenOf(link), "short1A"));
        Assert.Null(problem);
        Assert.Contains("PasswordTooShort", errors);
        Assert.Null((await Admin(a => a.SetPasswordAsync(TokenOf(link), Password))).Problem);
    }

    [Fact]
    public async Task A_reset_issues_a_new_link_and_the_old_one_stops_working()
    {
        var old = await AddAsync(Person("ann@allo.example"));
        var reset = Assert.IsType<StaffOutcome.Done>(await Admin(a => a.ResetPasswordAsync(ManagerId, old.AccountId))).Link!;

        Assert.Equal(StaffProblem.LinkInvalid, (await Admin(a => a.SetPasswordAsync(TokenOf(old), Password))).Problem);
        Assert.Null((await Admin(a => a.SetPasswordAsync(TokenOf(reset), Password))).Problem);
        Assert.Equal(2, Mailbox.Sent.Count);
    }

    [Fact]
    public async Task Deactivating_changes_the_security_stamp_returns_held_calls_to_the_queue_and_keeps_the_account()
    {
        var agent = await AddAsync(Person("ann@allo.example"));
        await Admin(a => a.SetPasswordAsync(TokenOf(agent), Password));
        var booking = await BookAsync(Input(TestClock.Wednesday1000, "0470 20 00 01"));
        var id = Assert.IsType<BookingOutcome.Done>(booking).Booking.Id;
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        await using (var db = Database.NewContext())
        {
            await NewQueue(db).EnterDueAsync();
            Assert.Equal(Scheduler.Calls.ClaimResult.Claimed, await NewQueue(db).ClaimAsync(id, agent.AccountId));
        }
        var stampBefore = await Db(db => db.Users.Where(u => u.Id == agent.AccountId).Select(u => u.SecurityStamp).SingleAsync());

        Assert.IsType<StaffOutcome.Done>(await Admin(a => a.DeactivateAsync(ManagerId, agent.AccountId)));

        var after = await Db(db => db.Bookings.SingleAsync(b => b.Id == id));
        Assert.Equal((BookingStatus.Queued, (string?)null), (after.Status, after.ClaimedBy));
        var user = await Db(db => db.Users.SingleAsync(u => u.Id == agent.AccountId));
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        Assert.Equal(StaffStatus.Deactivated, (await MemberAsync(agent.AccountId)).Status);
    }

    [Fact]
    public async Task Returning_claims_does_nothing_for_an_active_agent()
    {
        var booking = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(TestClock.Wednesday1000, "0470 20 00 01"))).Booking;
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        await using var db = Database.NewContext();
        await NewQueue(db).EnterDueAsync();
        await NewQueue(db).ClaimAsync(booking.Id, ManagerId);
        Assert.Equal(0, await NewQueue(db).ReturnClaimsOfDeactivatedAsync(ManagerId));
        Assert.Equal(ManagerId, (await Db(d => d.Bookings.SingleAsync())).ClaimedBy);
    }

    [Fact]
    public async Task A_deactivated_account_gets_no_reset_and_its_links_stop_working_until_reactivated()
    {
        var agent = await AddAsync(Person("ann@allo.example"));
        await Admin(a => a.DeactivateAsync(ManagerId, agent.AccountId));
        Assert.Equal(StaffProblem.LinkInvalid, (await Admin(a => a.SetPasswordAsync(TokenOf(agent), Password))).Problem);
        Assert.Equal(StaffProblem.Deactivated, Assert.IsType<StaffOutcome.Refused>(await Admin(a => a.ResetPasswordAsync(ManagerId, agent.AccountId))).Problem);

        Assert.IsType<StaffOutcome.Done>(await Admin(a => a.ReactivateAsync(ManagerId, agent.AccountId)));
        Assert.Equal(StaffStatus.Invited, (await MemberAsync(agent.AccountId)).Status);
        Assert.IsType<StaffOutcome.Done>(await Admin(a => a.ResetPasswordAsync(ManagerId, agent.AccountId)));
    }

    [Fact]
    public async Task Changing_role_and_profile_is_stored_and_recorded_newest_first()
    {
        var agent = await AddAsync(Person("ann@allo.example"));
        Clock.Advance(Duration.FromMinutes(1));
        await Admin(a => a.ChangeRoleAsync(ManagerId, agent.AccountId, StaffRoles.Manager));
        Clock.Advance(Duration.FromMinutes(1));
        await Admin(a => a.EditAsync(ManagerId, agent.AccountId, new StaffInput("Ann Peeters", null, null, "de", "text")));

        var member = await MemberAsync(agent.AccountId);
        Assert.Equal(("Ann Peeters", StaffRoles.Manager, "de", StaffSkills.Text), (member.Name, member.Role, member.Languages, member.Skills));
        var changes = await Admin(a => a.ChangesAsync());
        Assert.Equal([StaffChangeKind.Updated, StaffChangeKind.RoleChanged], changes.Take(2).Select(c => c.Kind));
        Assert.Equal([StaffChangeKind.Added, StaffChangeKind.LinkIssued], changes.Skip(2).Select(c => c.Kind).Order());
        Assert.All(changes, c => Assert.Equal(("Boss", ManagerId), (c.ByName, c.ById)));
        Assert.Equal(Clock.GetCurrentInstant(), changes[0].At);
    }

    [Fact]
    public async Task The_last_active_manager_can_be_neither_deactivated_nor_demoted()
    {
        Assert.Equal(StaffProblem.LastManager, Assert.IsType<StaffOutcome.Refused>(await Admin(a => a.DeactivateAsync(ManagerId, ManagerId))).Problem);
        Assert.Equal(StaffProblem.LastManager, Assert.IsType<StaffOutcome.Refused>(await Admin(a => a.ChangeRoleAsync(ManagerId, ManagerId, StaffRoles.Agent))).Problem);
        var me = await MemberAsync(ManagerId);
        Assert.Equal((StaffStatus.Active, StaffRoles.Manager), (me.Status, me.Role));
        Assert.Equal(0, await Db(db => db.StaffChanges.CountAsync()));
    }

    [Fact]
    public async Task An_invited_manager_does_not_count_as_the_other_manager()
    {
        await AddAsync(Person("new-boss@allo.example", StaffRoles.Manager));
        Assert.IsType<StaffOutcome.Refused>(await Admin(a => a.ChangeRoleAsync(ManagerId, ManagerId, StaffRoles.Agent)));
    }

    [Fact]
    public async Task With_a_second_active_manager_the_first_can_be_demoted()
    {
        await ActiveManagerAsync("second@allo.example");
        Assert.IsType<StaffOutcome.Done>(await Admin(a => a.ChangeRoleAsync(ManagerId, ManagerId, StaffRoles.Agent)));
        Assert.Equal(StaffRoles.Agent, (await MemberAsync(ManagerId)).Role);
    }

    [Fact]
    public async Task A_sign_in_is_recorded_on_the_account()
    {
        await Admin(async a => { await a.RecordSignInAsync("BOSS@allo.example"); return 0; });
        Assert.Equal(Clock.GetCurrentInstant(), (await MemberAsync(ManagerId)).LastSignInAt);
    }
}

public sealed class SqliteStaffAdministrationTests() : StaffAdministrationTests(DatabaseProvider.Sqlite);

public sealed class PostgresStaffAdministrationTests() : StaffAdministrationTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_managers_demoting_each_other_at_once_leave_exactly_one_manager()
    {
        var second = await ActiveManagerAsync("second@allo.example");
        for (var round = 0; round < 10; round++)
        {
            using var start = new ManualResetEventSlim();
            var a = Task.Run(async () => { start.Wait(); return await Admin(x => x.ChangeRoleAsync(ManagerId, second, StaffRoles.Agent)); });
            var b = Task.Run(async () => { start.Wait(); return await Admin(x => x.ChangeRoleAsync(second, ManagerId, StaffRoles.Agent)); });
            start.Set();
            var outcomes = await Task.WhenAll(a, b);

            Assert.Single(outcomes.OfType<StaffOutcome.Done>());
            Assert.Equal(StaffProblem.LastManager, Assert.Single(outcomes.OfType<StaffOutcome.Refused>()).Problem);
            var roles = new[] { (await MemberAsync(ManagerId)).Role, (await MemberAsync(second)).Role };
            Assert.Single(roles, StaffRoles.Manager);
            // Both managers again for the next round.
            var demoted = roles[0] == StaffRoles.Agent ? ManagerId : second;
            var remaining = demoted == ManagerId ? second : ManagerId;
            Assert.IsType<StaffOutcome.Done>(await Admin(x => x.ChangeRoleAsync(remaining, demoted, StaffRoles.Manager)));
        }
    }
}
