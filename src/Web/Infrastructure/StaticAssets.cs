using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Everything in wwwroot is served by MapStaticAssets from the build's manifest: compressed when the app
/// is built (gzip; a publish adds brotli), and under a fingerprinted address (<c>app.li0txhckiq.css</c>)
/// that the layout's <c>asp-append-version</c> links write, cached for a year as immutable. A warm visit
/// then asks for the page alone. The plain address (<c>/css/app.css</c>, <c>/favicon.ico</c>) is served
/// too, revalidated with its ETag.
/// </summary>
public static class StaticAssets
{
    // ASP.NET Core's own switch: when it is on, an asset that changed on disk is re-read and every
    // caching header becomes no-cache. It is on whenever the app runs from a build rather than a publish
    // (tests, `dotnet run` in Production), which only a developer editing wwwroot wants.
    private const string ReloadAtRuntime = "ReloadStaticAssetsAtRuntime";

    public static WebApplicationBuilder AddAlloStaticAssets(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }
        // From a build, the precompressed files live in obj/ and the build's runtime manifest maps them
        // into wwwroot, which Development does by itself. A published app has no such manifest, and this
        // does nothing.
        StaticWebAssetsLoader.UseStaticWebAssets(builder.Environment, builder.Configuration);
        builder.Configuration[ReloadAtRuntime] ??= "false";
        return builder;
    }
}
