using Microsoft.AspNetCore.Identity;

namespace Allo.Scheduler.Staff;

/// <summary>The one password and lockout policy, for the sign-in and for setting a password from a link.</summary>
public static class StaffPasswordPolicy
{
    public static void Apply(IdentityOptions o)
    {
        o.Password.RequiredLength = 12;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 6;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = true;
        // "Confirmed" means active here: a deactivated account cannot sign in (see ActiveStaffOnly).
        o.SignIn.RequireConfirmedAccount = true;
    }
}

/// <summary>Identity asks this before every sign-in: a deactivated account is refused, whatever the password.</summary>
public sealed class ActiveStaffOnly : IUserConfirmation<StaffUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<StaffUser> manager, StaffUser user) => Task.FromResult(user.DeactivatedAt is null);
}
