using Allo.Scheduler.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Scheduler.Staff;

/// <summary>Roles, the development demo accounts, and the first manager of a new installation.</summary>
public static class StaffAccounts
{
    /// <summary>Demo accounts for development only; the README lists them. Production seeds none.</summary>
    /// <remarks>The second agent speaks fewer languages, so the demo shows calls going to those who speak theirs.</remarks>
    public static readonly (string Email, string Name, string Role, string Languages, StaffSkills Skills)[] Demo =
    [
        ("agent@allo.example", "Demo Agent", StaffRoles.Agent, "nl,fr,de,en", StaffSkills.Interpreter | StaffSkills.Text),
        ("agent2@allo.example", "Second Demo Agent", StaffRoles.Agent, "fr,de", StaffSkills.Relay),
        ("manager@allo.example", "Demo Manager", StaffRoles.Manager, "nl,fr,de,en", StaffSkills.Interpreter | StaffSkills.Relay | StaffSkills.Text),
    ];

    public const string DemoPassword = "Allo-demo-2026!";

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    /// <summary>
    /// The demo manager's authenticator key, published in the README like the password: type it into
    /// an authenticator app (or `oathtool --totp -b`) for the code a manager gives after the password.
    /// </summary>
    public const string DemoAuthenticatorKey = "ALLODEMOALLODEMOALLODEMOALLODEMO";

    public static async Task SeedDemoAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        foreach (var (email, name, role, languages, skills) in Demo)
        {
            var user = await CreateAsync(services, email, name, DemoPassword, role, languages, skills);
            if (role == StaffRoles.Manager && !user.TwoFactorEnabled)
            {
                Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", DemoAuthenticatorKey));
                Check(await users.SetTwoFactorEnabledAsync(user, true));
            }
        }
    }

    /// <summary>
    /// Stops a Production start on a database that ever ran the demo: its accounts' password is in the
    /// README, and its bookings are made-up citizens who would be sent real messages. Deleting the
    /// accounts alone would leave those bookings, so the way out is a database of its own.
    /// </summary>
    public static async Task RefuseDemoAccountsAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        foreach (var (email, _, _, _, _) in Demo)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                throw new ConfigurationProblem(
                    $"The database holds the demo account {email}, whose password is published, so it must never serve Production; set ConnectionStrings__Allo to a new, empty database.");
            }
        }
    }

    /// <summary>
    /// Creates an account with a role (and, when new, the languages and skills the call queue routes by);
    /// an existing email gets the role added. Errors name what is wrong.
    /// </summary>
    public static async Task<StaffUser> CreateAsync(IServiceProvider services, string email, string name, string password, string role,
        string languages = "", StaffSkills skills = StaffSkills.None)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Languages = languages, Skills = skills };
            Check(await users.CreateAsync(user, password));
        }
        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role));
        }
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
