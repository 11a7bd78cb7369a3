using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Scheduler.Tests.Staff;

/// <summary>
/// The staff administration on a real database with Identity's real user manager and password
/// policy, the test's clock, and the dev mailbox; one active manager to act as.
/// </summary>
public abstract class StaffTestBase(DatabaseProvider provider) : BookingTestBase(provider)
{
    protected const string Password = "Correct-Horse-42";
    protected readonly DevStaffMailbox Mailbox = new();
    protected ServiceProvider Services = null!;
    protected string ManagerId = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped<AlloDbContext>(_ => Database.NewContext());
        services.AddIdentityCore<StaffUser>(StaffPasswordPolicy.Apply).AddRoles<IdentityRole>().AddEntityFrameworkStores<AlloDbContext>();
        services.AddSingleton<IClock>(Clock);
        services.AddSingleton(Settings);
        services.AddSingleton<IStaffMail>(Mailbox);
        services.AddScoped(sp => NewQueue(sp.GetRequiredService<AlloDbContext>()));
        services.AddScoped<StaffAdministration>();
        services.AddScoped<StaffRoster>();
        Services = services.BuildServiceProvider();
        await using var scope = Services.CreateAsyncScope();
        await StaffAccounts.EnsureRolesAsync(scope.ServiceProvider);
        ManagerId = (await StaffAccounts.CreateAsync(scope.ServiceProvider, "boss@allo.example", "Boss", Password, StaffRoles.Manager, TestAgents.AllLanguages)).Id;
    }

    public override async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await base.DisposeAsync();
    }

    protected async Task<T> Admin<T>(Func<StaffAdministration, Task<T>> act)
    {
        await using var scope = Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<StaffAdministration>());
    }

    protected async Task<T> Db<T>(Func<AlloDbContext, Task<T>> query)
    {
        await using var db = Database.NewContext();
        return await query(db);
    }

    protected static StaffInput Person(string email, string role = StaffRoles.Agent, string languages = "fr,nl", string? skills = null) =>
        new(email.Split('@')[0], email, role, languages, skills);

    /// <summary>Adds someone and returns their id and link.</summary>
    protected async Task<IssuedLink> AddAsync(StaffInput input)
    {
        var outcome = await Admin(a => a.AddAsync(ManagerId, input));
        return Assert.IsType<StaffOutcome.Done>(outcome).Link!;
    }

    protected static string TokenOf(IssuedLink link) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Link.Query)["token"].ToString();

    /// <summary>An active manager besides the first: added, and their link used.</summary>
    protected async Task<string> ActiveManagerAsync(string email)
    {
        var link = await AddAsync(Person(email, StaffRoles.Manager));
        var (problem, errors) = await Admin(a => a.SetPasswordAsync(TokenOf(link), Password));
        Assert.Null(problem);
        Assert.Empty(errors);
        return link.AccountId;
    }

    protected async Task<StaffMember> MemberAsync(string id) => (await Admin(a => a.FindAsync(id)))!;

    protected async Task<bool> PasswordWorksAsync(string id, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByIdAsync(id);
        return user is not null && await users.CheckPasswordAsync(user, password);
    }
}
