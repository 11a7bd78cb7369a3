using System.Security.Claims;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Identity;

namespace Allo.Web.Infrastructure;

/// <summary>
/// A second factor (an authenticator app's six-digit code, RFC 6238) for local password sign-ins:
/// always for managers, for agents when Staff:SecondFactorForAgents says so. Who still owes it is
/// sent to enrolment and reaches nothing else; the rule is here, once, not on each page.
/// Sign-ins through an external identity provider bring their own second factor and are never asked
/// (docs/decisions/0020-second-factor-and-idle-sign-out.md).
/// </summary>
public static class SecondFactor
{
    public const string EnrolPath = "/staff/second-factor";
    public const string CodePath = "/staff/sign-in/code";

    /// <summary>The claim Identity's sign-in manager writes: "pwd" after a password alone, "mfa" after a code.</summary>
    private const string Amr = "amr";

    /// <summary>Where someone who still owes their second factor may go: enrolment, signing out, and what those pages load.</summary>
    private static readonly string[] Open = [EnrolPath, "/staff/sign-in", "/staff/sign-out", "/staff/keep-alive", "/css/", "/js/", "/lib/", "/favicon", "/icon", "/health/", "/error/"];

    public static IServiceCollection AddSecondFactor(this IServiceCollection services, StaffSignInSettings settings)
    {
        services.AddSingleton(settings);
        // Identity rebuilds the principal on every request (the stamp is checked on each one) and drops
        // "amr" and the authentication method; SingleSignOn.AddSingleSignOn carries both over.
        return services;
    }

    /// <summary>Whether this role must give a code with its password.</summary>
    public static bool Required(ClaimsPrincipal user, StaffSignInSettings settings) =>
        user.IsInRole(StaffRoles.Manager) || (settings.SecondFactorForAgents && user.IsInRole(StaffRoles.Agent));

    /// <summary>
    /// A code was given ("mfa"), or the sign-in came through an external scheme, which Identity marks
    /// with the provider's name as the authentication method: the provider asked for its own factor.
    /// </summary>
    public static bool Given(ClaimsPrincipal user) =>
        user.HasClaim(Amr, "mfa") || user.FindFirstValue(ClaimTypes.AuthenticationMethod) is { Length: > 0 };

    /// <summary>After UseAuthentication: a signed-in member who owes a second factor goes to enrolment.</summary>
    public static IApplicationBuilder UseSecondFactor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && !Open.Any(p => context.Request.Path.StartsWithSegments(p.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            && Required(user, context.RequestServices.GetRequiredService<StaffSignInSettings>())
            && !Given(user))
        {
            // A page asked for comes back after enrolment, as after the password.
            var back = HttpMethods.IsGet(context.Request.Method) ? context.Request.Path + context.Request.QueryString : "/";
            context.Response.Redirect(EnrolPath + QueryString.Create("ReturnUrl", back));
            return;
        }
        await next();
    });

    /// <summary>The key as people type it: lower case, in groups of four.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

    /// <summary>What authenticator apps read from the QR code (Google's otpauth format, which they all follow).</summary>
    public static string OtpAuthUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("Allo:" + email)}?secret={key}&issuer=Allo&digits=6";

    /// <summary>The QR code as a PNG data address: the CSP allows data: images, and no script or style is needed.</summary>
    public static string QrCodeDataUrl(string text)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(5));
    }
}
