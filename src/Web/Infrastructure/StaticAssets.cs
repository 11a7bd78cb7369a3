using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Everything in wwwroot is served by MapStaticAssets from the build's manifest: brotli or gzip
/// compressed at build time, and under a fingerprinted address (<c>app.li0txhckiq.css</c>) that the
/// layout's <c>asp-append-version</c> links write, cached for a year as immutable. A warm visit then
/// asks for the page alone. The plain address (<c>/css/app.css</c>, <c>/favicon.ico</c>) is served
/// too, revalidated with its ETag.
/// </summary>
public static class StaticAssets
{
    // ASP.NET Core's own switch: when it is on, assets are re-read when they change on disk and every
    // caching header becomes no-cache. It defaults to on whenever the app runs from a build rather
    // than a publish (tests, `dotnet run` in Production), so it is set here once for every environment.
    private const string ReloadAtRuntime = "ReloadStaticAssetsAtRuntime";

    public static WebApplicationBuilder AddAlloStaticAssets(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        if (!development)
        {
            // From a build, the precompressed files live in obj/ and the build's runtime manifest maps them
            // into wwwroot; Development loads it by itself. A published app has no such manifest, and
            // this does nothing.
            StaticWebAssetsLoader.UseStaticWebAssets(builder.Environment, builder.Configuration);
        }
        if (builder.Configuration[ReloadAtRuntime] is null)
        {
            // A developer editing wwwroot sees the change at once; anywhere else the headers are the real ones.
            builder.Configuration[ReloadAtRuntime] = development ? "true" : "false";
        }
        return builder;
    }
}
