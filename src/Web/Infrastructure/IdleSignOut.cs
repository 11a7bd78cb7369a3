using Allo.Scheduler.Options;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Allo.Web.Infrastructure;

/// <summary>
/// A staff session ends after Staff:IdleMinutes (30) without activity, on shared and home computers
/// alike. The server alone enforces it: the cookie's sliding lifetime is the idle time, and it is
/// renewed by what a person does (a page opened, a form sent, "Stay signed in"), not by the
/// queue's background refresh. The next request after expiry lands on sign-in with the reason.
/// The warning dialog (wwwroot/js/idle-warning.mjs) only announces it.
/// </summary>
public static class IdleSignOut
{
    public const string KeepAlivePath = "/staff/keep-alive";

    /// <summary>The sign-in page's query value that says why the person is there.</summary>
    public const string Reason = "idle";

    public static IServiceCollection AddIdleSignOut(this IServiceCollection services, StaffSignInSettings settings)
    {
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure(o =>
            {
                // The cookie's clock is the TimeProvider in DI (the system's; tests put a fake one there).
                o.ExpireTimeSpan = settings.Idle.ToTimeSpan();
                o.SlidingExpiration = true;
                var validate = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = async context =>
                {
                    await validate(context);
                    // The stamp check renews the cookie on every request; a background fetch must not.
                    if (Background(context.HttpContext))
                    {
                        context.ShouldRenew = false;
                    }
                };
                o.Events.OnCheckSlidingExpiration = context =>
                {
                    context.ShouldRenew = context.ShouldRenew && !Background(context.HttpContext);
                    return Task.CompletedTask;
                };
                var redirect = o.Events.OnRedirectToLogin;
                o.Events.OnRedirectToLogin = context =>
                {
                    if (Expired(context.HttpContext, context.Options))
                    {
                        context.RedirectUri = QueryStringAppend(context.RedirectUri, "signedOut", Reason);
                    }
                    return redirect(context);
                };
            });
        return services;
    }

    /// <summary>
    /// Not something the person did: the browser's own fetches (the queue's refresh) say so in
    /// Sec-Fetch-Mode; navigations and form posts say "navigate". "Stay signed in" is a fetch that counts.
    /// </summary>
    private static bool Background(HttpContext context) =>
        context.Request.Headers["Sec-Fetch-Mode"].ToString() is { Length: > 0 } mode
        && mode != "navigate"
        && !context.Request.Path.StartsWithSegments(KeepAlivePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>The request brought a staff cookie that is genuine but past its time: signed out for being idle.</summary>
    private static bool Expired(HttpContext context, CookieAuthenticationOptions options)
    {
        var cookie = options.CookieManager.GetRequestCookie(context, options.Cookie.Name!);
        return cookie is not null
            && options.TicketDataFormat.Unprotect(cookie, null) is { Properties.ExpiresUtc: { } expires }
            && expires <= (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
    }

    private static string QueryStringAppend(string uri, string name, string value) =>
        uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + Uri.EscapeDataString(value);
}
