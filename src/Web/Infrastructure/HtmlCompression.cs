using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Allo.Web.Infrastructure;

/// <summary>
/// Pages go out compressed with brotli or gzip; scripts, styles and icons are compressed at build time
/// (<see cref="StaticAssets"/>) and only pass through. Compressing a response that holds a secret next
/// to text another site chose is what BREACH exploits, so a page is compressed only when no other site
/// can have made the browser ask for it: see docs/decisions/0014-compressed-pages-and-breach.md.
/// </summary>
public static class HtmlCompression
{
    public static IServiceCollection AddHtmlCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Over HTTPS too: the provider below is what keeps compression away from cross-site requests.
            o.EnableForHttps = true;
            o.MimeTypes = ["text/html"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        // A page is a few kilobytes: the better ratio costs little time.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.AddSingleton<IResponseCompressionProvider, SameSiteCompressionProvider>();
        return services;
    }
}

/// <summary>ASP.NET Core's choice of encoding, refused for any page another site may have asked for.</summary>
public sealed class SameSiteCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        base.ShouldCompressResponse(context) && NoOtherSiteCanHaveAsked(context.Request);

    /// <summary>
    /// True when the browser says the request comes from our own pages or from the person
    /// (<c>Sec-Fetch-Site: same-origin</c> or <c>none</c>), or when it carries no cookie, so the page can
    /// hold nothing of theirs beyond what its address already says. A cross-site request with cookies,
    /// or one from a browser that sends no fetch metadata, is answered uncompressed.
    /// </summary>
    public static bool NoOtherSiteCanHaveAsked(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is "same-origin" or "none"
        || !request.Headers.ContainsKey(HeaderNames.Cookie);
}
