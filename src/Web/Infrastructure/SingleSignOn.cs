using System.Security.Claims;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Optional OpenID Connect sign-in for staff against the organisation's identity provider
/// (docs/decisions/0019). The standard handler does the protocol (code flow with PKCE, state, nonce,
/// the ID token's signature, issuer, audience and lifetime) and signs the result into Identity's
/// short-lived external cookie; the page /staff/sign-in/organisation then maps it to a staff account
/// and signs in with the same Identity cookie as a password, so the security stamp check on every
/// request ends an SSO session at once too.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/staff/sign-in/oidc";
    public const string SignedOutCallbackPath = "/staff/signed-out/oidc";

    /// <summary>The value of the authentication-method claim on the Allo cookie of an SSO session, whose second factor is the provider's.</summary>
    public const string Method = "oidc";

    public static IServiceCollection AddSingleSignOn(this IServiceCollection services, IConfiguration configuration, bool isProduction)
    {
        var settings = SingleSignOnSettings.From(configuration, isProduction);
        services.AddSingleton(new SingleSignOnOption(settings));
        // The stamp check rebuilds the cookie's principal on every request; keep how the person signed in.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            var previous = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (previous is not null)
                {
                    await previous(context);
                }
                // Identity's own "amr" (mfa, after a second factor) is lost there the same way, so it is kept too.
                var identity = context.NewPrincipal?.Identities.FirstOrDefault();
                var kept = context.CurrentPrincipal?.Claims.Where(c => c.Type is ClaimTypes.AuthenticationMethod or "amr").ToList() ?? [];
                foreach (var claim in kept)
                {
                    if (identity is not null && !identity.HasClaim(claim.Type, claim.Value))
                    {
                        identity.AddClaim(new Claim(claim.Type, claim.Value));
                    }
                }
            };
        });
        if (settings is null)
        {
            return services;
        }
        services.AddAuthentication().AddOpenIdConnect(Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority.ToString();
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            // Production refuses an http authority at start-up; outside it a loopback provider may be http.
            o.RequireHttpsMetadata = settings.Authority.Scheme == Uri.UriSchemeHttps;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.MapInboundClaims = false;
            o.SaveTokens = true;
            o.CallbackPath = CallbackPath;
            o.SignedOutCallbackPath = SignedOutCallbackPath;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            // The ID token (the end-session hint) travels in the Allo cookie, not in the external one.
            o.SignOutScheme = IdentityConstants.ApplicationScheme;
            o.Events.OnRemoteFailure = context =>
            {
                // Cancelled, refused, a state that does not match, a bad token: the sign-in page says so
                // in the person's language; the details are for the log, not for them.
                var cancelled = context.Failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true;
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
                    .LogWarning(context.Failure, "Single sign-on failed");
                context.Response.Redirect($"/staff/sign-in?sso={(cancelled ? "cancelled" : "failed")}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            o.Events.OnAccessDenied = context =>
            {
                context.Response.Redirect("/staff/sign-in?sso=cancelled");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>Who the ID token says signed in, with the role claim mapped; null when it names no subject.</summary>
    public static ExternalIdentity? IdentityFrom(ClaimsPrincipal principal, SingleSignOnSettings settings)
    {
        var subject = principal.FindFirst("sub");
        if (subject is null || string.IsNullOrEmpty(subject.Value))
        {
            return null;
        }
        var issuer = principal.FindFirstValue("iss") ?? subject.Issuer;
        var name = principal.FindFirstValue("name")
            ?? string.Join(' ', new[] { principal.FindFirstValue("given_name"), principal.FindFirstValue("family_name") }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var verified = settings.EmailsAreVerified || string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        return new ExternalIdentity(issuer, subject.Value, principal.FindFirstValue("email"), verified, string.IsNullOrWhiteSpace(name) ? null : name,
            settings.RoleFrom(principal.FindAll(settings.RoleClaim).Select(c => c.Value)));
    }

    /// <summary>Whether this staff session came from the identity provider (the authentication-method claim).</summary>
    public static bool IsSingleSignOn(this ClaimsPrincipal user) => user.HasClaim(ClaimTypes.AuthenticationMethod, Method);

    /// <summary>True when the provider publishes an end-session endpoint, so signing out may end its session too.</summary>
    public static async Task<bool> OffersEndSessionAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            // The provider is unreachable: the local sign-out alone still ends the Allo session.
            return false;
        }
    }
}

/// <summary>The single sign-on settings, or null settings when it is off (local accounts only).</summary>
public sealed record SingleSignOnOption(SingleSignOnSettings? Settings)
{
    public bool Enabled => Settings is not null;

    /// <summary>Whether the password form is offered: always without single sign-on, else per Oidc:LocalAccounts.</summary>
    public bool LocalAccounts => Settings?.LocalAccounts ?? true;
}
