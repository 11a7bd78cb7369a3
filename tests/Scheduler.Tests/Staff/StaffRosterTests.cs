using System.Text;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Tests.Staff;

/// <summary>The roster import: checked row by row first, then all or nothing, idempotent on email.</summary>
public abstract class StaffRosterTests(DatabaseProvider provider) : StaffTestBase(provider)
{
    private async Task<RosterResult> ImportAsync(string csv)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StaffRoster>().ImportAsync(ManagerId, new MemoryStream(Encoding.UTF8.GetBytes(csv)));
    }

    private const string Good = """
        name,email,role,languages,skills
        Ann Peeters,ann@allo.example,Agent,nl fr,interpreter
        Bruno Dubois,bruno@allo.example,agent,fr,
        Clara Weber,clara@allo.example,Manager,de;en,relay text
        """;

    [Fact]
    public async Task A_good_roster_adds_everyone_invited_with_links_mailed()
    {
        var result = await ImportAsync(Good);

        Assert.Empty(result.Problems);
        Assert.Equal(3, result.Added.Count);
        Assert.All(result.Added, l => Assert.True(l.Mailed));
        var members = (await Admin(a => a.ListAsync())).ToDictionary(m => m.Email);
        Assert.Equal((StaffRoles.Agent, "nl,fr", StaffSkills.Interpreter, StaffStatus.Invited), (members["ann@allo.example"].Role, members["ann@allo.example"].Languages, members["ann@allo.example"].Skills, members["ann@allo.example"].Status));
        Assert.Equal((StaffRoles.Manager, "de,en", StaffSkills.Relay | StaffSkills.Text), (members["clara@allo.example"].Role, members["clara@allo.example"].Languages, members["clara@allo.example"].Skills));
        Assert.Equal(3, Mailbox.Sent.Count);
    }

    [Fact]
    public async Task Importing_the_same_roster_twice_adds_nobody_the_second_time()
    {
        await ImportAsync(Good);
        var again = await ImportAsync(Good);
        Assert.Equal((0, 0, 3), (again.Added.Count, again.Updated, again.Unchanged));
        Assert.Equal(4, await Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task An_existing_email_is_updated_not_duplicated()
    {
        await ImportAsync(Good);
        var result = await ImportAsync("name,email,role,languages\nAnn Peeters-Janssens,ANN@allo.example,Manager,en\n");
        Assert.Equal((0, 1), (result.Added.Count, result.Updated));
        var ann = (await Admin(a => a.ListAsync())).Single(m => m.Email == "ann@allo.example");
        Assert.Equal(("Ann Peeters-Janssens", StaffRoles.Manager, "en"), (ann.Name, ann.Role, ann.Languages));
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_row_and_column_and_nothing_is_created()
    {
        var result = await ImportAsync("""
            name,email,role,languages
            Ann Peeters,ann@allo.example,Agent,nl
            ,not-an-email,Boss,xx
            =HYPERLINK("http://evil.example"),dan@allo.example,Agent,nl
            Eve,ann@allo.example,Agent,fr
            """);

        Assert.Empty(result.Added);
        Assert.Equal(1, await Db(db => db.Users.CountAsync()));
        var problems = result.Problems.Select(p => (p.Row, p.Column, p.Problem)).ToList();
        Assert.Contains((3, "name", "Missing"), problems);
        Assert.Contains((3, "email", "NotAnEmail"), problems);
        Assert.Contains((3, "role", "UnknownRole"), problems);
        Assert.Contains((3, "languages", "UnknownLanguage"), problems);
        Assert.Contains((4, "name", "Formula"), problems);
        Assert.Contains((5, "email", "Duplicate:2"), problems);
        Assert.DoesNotContain(problems, p => p.Row == 2);
    }

    [Theory]
    [InlineData("name,email,role\nAnn,ann@allo.example,Agent\n", 1, "languages", "MissingColumn")]
    [InlineData("", 0, "file", "Empty")]
    [InlineData("name,email,role,languages\n", 1, "file", "NoRows")]
    [InlineData("name,email,role,languages\nAnn\u0007,ann@allo.example,Agent,nl\n", 2, "name", "ControlCharacters")]
    [InlineData("name,email,role,languages\n\"Ann,ann@allo.example,Agent,nl\n", 2, "file", "Quotes")]
    public async Task A_hostile_or_broken_file_gets_one_clear_problem_and_creates_nothing(string csv, int row, string column, string problem)
    {
        var result = await ImportAsync(csv);
        Assert.Contains((row, column, problem), result.Problems.Select(p => (p.Row, p.Column, p.Problem)));
        Assert.Equal(1, await Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var huge = "name,email,role,languages\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Agent {i},agent{i}@allo.example,Agent,nl\n"));
        var result = await ImportAsync(huge);
        Assert.Equal(("file", "TooLarge"), (Assert.Single(result.Problems).Column, result.Problems[0].Problem));
    }

    [Fact]
    public async Task A_roster_that_demotes_the_last_manager_is_refused_whole()
    {
        var result = await ImportAsync("name,email,role,languages\nBoss,boss@allo.example,Agent,nl\nAnn,ann@allo.example,Agent,nl\n");
        Assert.Equal("LastManager", Assert.Single(result.Problems).Problem);
        Assert.Equal(1, await Db(db => db.Users.CountAsync()));
        Assert.Equal(StaffRoles.Manager, (await MemberAsync(ManagerId)).Role);
    }
}

public sealed class SqliteStaffRosterTests() : StaffRosterTests(DatabaseProvider.Sqlite);

public sealed class PostgresStaffRosterTests() : StaffRosterTests(DatabaseProvider.Postgres);
