namespace Allo.Web.Infrastructure;

/// <summary>Headers every response carries; one place, not per page.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<SingleSignOnOption>());
        return app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            // Manage links carry a secret token in the query string: never send it to another site.
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (context.GetEndpoint()?.Metadata.GetMetadata<NoStoreAttribute>() is not null)
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        await next();
    });
    }

    /// <summary>
    /// Browsers apply form-action to every redirect after a form is sent, so the "Sign in with …" and
    /// sign-out buttons, whose answers redirect to the identity provider, need its origin there too.
    /// </summary>
    public static string ContentSecurityPolicy(SingleSignOnOption singleSignOn)
    {
        var formAction = singleSignOn.Settings is { } settings
            ? $"'self' {settings.Authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action {formAction}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
    }
}
