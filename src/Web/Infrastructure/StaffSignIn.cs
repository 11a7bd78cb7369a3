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
        services.AddIdentity<StaffUser, IdentityRole>(StaffPasswordPolicy.Apply)
            .AddEntityFrameworkStores<AlloDbContext>()
            .AddDefaultTokenProviders();
        services.AddScoped<IUserConfirmation<StaffUser>, ActiveStaffOnly>();
        // The stamp is checked on every request, so a deactivated account or a changed role takes
        // effect on the next one (one indexed read per staff request), not after the cookie's hours.
        // MinValue, not Zero: Identity checks only when more than the interval has passed since the
        // cookie was issued, which a request in the same instant (or on a node whose clock is a little
        // behind) would not be.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.MinValue);
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
