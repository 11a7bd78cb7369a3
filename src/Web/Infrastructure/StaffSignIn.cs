using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Identity;

namespace Allo.Web.Infrastructure;

public static class StaffSignIn
{
    /// <summary>
    /// Staff accounts on the app's own database: a long password, lockout after repeated failures,
    /// and a short-lived, HttpOnly, same-site cookie. Citizens' pages and the API need no sign-in.
    /// </summary>
    public static IServiceCollection AddStaffSignIn(this IServiceCollection services)
    {
        services.AddIdentity<StaffUser, IdentityRole>(o =>
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
            })
            .AddEntityFrameworkStores<AlloDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".Allo.Staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure comes from the cookie policy (ForwardedHeadersSetup), the same for every cookie.
            o.ExpireTimeSpan = TimeSpan.FromHours(9);
            o.SlidingExpiration = true;
            o.LoginPath = "/staff/sign-in";
            o.LogoutPath = "/staff/sign-out";
            o.AccessDeniedPath = "/error/403";
        });
        return services;
    }
}
