using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Allo.Domain;
using Allo.Domain.Calls;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Xunit.Abstractions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Infrastructure;

/// <summary>
/// What a citizen's browser downloads for each page on a cold visit: the page and every stylesheet,
/// script and icon it links, each asked for with <c>Accept-Encoding: br, gzip</c> and counted as sent
/// (compressed). A citizen walks the whole journey with a no-JS form client; every page it reaches is
/// weighed with the same cookies by a second client that accepts compression, as a browser does.
/// </summary>
public sealed partial class PageWeightTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Budget = 60 * 1024;
    private const int OneYear = 31_536_000;
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public Task DisposeAsync() => _factory.DisposeWithDatabaseAsync();

    [Theory]
    [InlineData("fr-BE", Language.Fr)]
    [InlineData("de-BE", Language.De)]
    public async Task Every_citizen_page_with_its_assets_is_at_most_60_KB_compressed_and_every_asset_is_fingerprinted_and_immutable_for_a_year(string acceptLanguage, Language language)
    {
        var cookies = new CookieContainer();
        var citizen = FormClient.For(_factory, cookies, acceptLanguage);
        var scale = new Scale(_factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)), acceptLanguage);

        await citizen.GetAsync("/");
        await scale.WeighAsync("start", citizen.Location!);
        await citizen.SubmitAsync(("Language", language.Code()));
        await scale.WeighAsync("when: day", citizen.Location!);
        await citizen.SubmitAsync(("day", TimeChoice.DayOf(TestClock.Wednesday1000Slot)));
        await scale.WeighAsync("when: time", citizen.Location!);
        await citizen.SubmitAsync(("slotStart", TestClock.Wednesday1000Slot));
        await scale.WeighAsync("phone", citizen.Location!);
        await citizen.SubmitAsync(("phone", "0470 12 34 56"));
        await scale.WeighAsync("details", citizen.Location!);
        await citizen.SubmitAsync(("name", "Marie Dupont"), ("email", "marie@example.be"));
        await scale.WeighAsync("needs", citizen.Location!);
        await citizen.SubmitAsync(("Hearing", "true"), ("MoreTime", "true"));
        await scale.WeighAsync("check", citizen.Location!);
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        var confirmation = await scale.WeighAsync("confirmation", citizen.Location!);

        var manage = await scale.WeighAsync("manage", new Uri(Href(confirmation, "manage-link")));
        var moveLink = new Uri(citizen.Location!, Href(manage, "move-link"));
        await scale.WeighAsync("manage: move", moveLink);
        await scale.WeighAsync("manage: move, time", new Uri(moveLink, $"move/time{moveLink.Query}&day=2026-12-03"));
        await scale.WeighAsync("manage: contact", new Uri(citizen.Location!, Href(manage, "change-plan-link")));
        await scale.WeighAsync("manage: cancel", new Uri(citizen.Location!, Href(manage, "cancel-link")));

        await scale.WeighAsync("feedback", new Uri(citizen.Location!, await FeedbackLinkAfterAHelpedCallAsync(language)));
        await scale.WeighAsync("feedback: thanks", new Uri(citizen.Location!, "/feedback/thanks"));
        await scale.WeighAsync("accessibility", new Uri(citizen.Location!, "/accessibility"));
        await scale.WeighAsync("privacy", new Uri(citizen.Location!, "/privacy"));
        await scale.WeighAsync("not found", new Uri(citizen.Location!, "/book/no-such-page"), HttpStatusCode.NotFound);
        await scale.WeighAsync("server error", new Uri(citizen.Location!, "/error/500"));

        output.WriteLine(string.Join("\n", scale.Weights));
        Assert.True(scale.Problems.Count == 0, string.Join("\n", scale.Problems) + "\n\nWeighed:\n" + string.Join("\n", scale.Weights));
    }

    [Fact]
    public async Task Favicon_ico_is_a_small_icon_revalidated_by_its_etag_not_an_html_page()
    {
        var http = _factory.CreateClient();
        var response = await http.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(bytes.Length, 100, 2048);
        Assert.Equal([0, 0, 1, 0], bytes[..4]);
        Assert.NotNull(response.Headers.ETag);

        var again = new HttpRequestMessage(HttpMethod.Get, "/favicon.ico");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
    }

    /// <summary>The call is taken by an agent and helps; the thank-you's link opens the feedback page.</summary>
    private async Task<string> FeedbackLinkAfterAHelpedCallAsync(Language language)
    {
        var id = await _factory.QueryAsync(db => db.Bookings.Select(b => b.Id).SingleAsync());
        await _factory.HelpedCallAsync(id, TestClock.Brussels(2026, 12, 2, 10, 2));
        return _factory.Services.GetRequiredService<FeedbackLinks>().For(id, language).PathAndQuery;
    }

    private static string Href(string html, string id) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"id=\"{id}\" href=\"([^\"]+)\"|href=\"([^\"]+)\"[^>]*id=\"{id}\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new Xunit.Sdk.XunitException($"no link #{id} on the page"));

    /// <summary>Asks as a browser that accepts brotli and gzip would, and counts the bytes that came over the wire.</summary>
    private sealed partial class Scale(HttpClient http, string acceptLanguage)
    {
        private static readonly HtmlParser Parser = new();

        public List<string> Weights { get; } = [];
        public List<string> Problems { get; } = [];

        /// <summary>Weighs the page and what it links; returns the page's HTML.</summary>
        public async Task<string> WeighAsync(string name, Uri url, HttpStatusCode status = HttpStatusCode.OK)
        {
            var (response, sent) = await GetAsync(url);
            Assert.True(response.StatusCode == status, $"{name} ({url.PathAndQuery}) answered {(int)response.StatusCode}");
            var encoding = string.Join(",", response.Content.Headers.ContentEncoding);
            if (encoding != "br")
            {
                Problems.Add($"{name}: the page came with Content-Encoding '{encoding}', not br");
            }
            var html = Decode(sent, encoding);
            var document = Parser.ParseDocument(html);
            var assets = document.QuerySelectorAll("link[href]").Select(l => l.GetAttribute("href")!)
                .Concat(document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!))
                .Distinct()
                .ToList();
            Assert.NotEmpty(assets);
            var total = sent.Length;
            foreach (var asset in assets)
            {
                total += await WeighAssetAsync(name, new Uri(url, asset));
            }
            Weights.Add($"{name}: {total} bytes ({sent.Length} page, {Encoding.UTF8.GetByteCount(html)} uncompressed; {assets.Count} assets)");
            if (total > Budget)
            {
                Problems.Add($"{name}: {total} bytes, over the {Budget} budget");
            }
            return html;
        }

        private async Task<int> WeighAssetAsync(string page, Uri url)
        {
            var (response, sent) = await GetAsync(url);
            var problem = $"{page}: {url.AbsolutePath}";
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Problems.Add($"{problem} answered {(int)response.StatusCode}");
                return sent.Length;
            }
            if (!Fingerprinted().IsMatch(url.AbsolutePath))
            {
                Problems.Add($"{problem} is not a fingerprinted address");
            }
            var cache = response.Headers.CacheControl;
            if (cache is not { MaxAge.TotalSeconds: >= OneYear } || !cache.Extensions.Any(e => e.Name == "immutable"))
            {
                Problems.Add($"{problem} has Cache-Control '{cache}', not immutable for a year");
            }
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            // gzip after a build; a publish adds brotli.
            if ((type.StartsWith("text/") || type.Contains("javascript") || type.EndsWith("+xml")) && response.Content.Headers.ContentEncoding.Count == 0)
            {
                Problems.Add($"{problem} ({type}) came uncompressed");
            }
            return sent.Length;
        }

        private async Task<(HttpResponseMessage Response, byte[] Sent)> GetAsync(Uri url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Accept-Encoding", "br, gzip");
            request.Headers.Add("Accept-Language", acceptLanguage);
            // A browser following the service's own links says so.
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
            var response = await http.SendAsync(request);
            return (response, await response.Content.ReadAsByteArrayAsync());
        }

        private static string Decode(byte[] sent, string encoding)
        {
            using var input = new MemoryStream(sent);
            using Stream decoded = encoding switch
            {
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                "gzip" => new GZipStream(input, CompressionMode.Decompress),
                _ => input,
            };
            using var reader = new StreamReader(decoded, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        // MapStaticAssets' fingerprint: ten base-36 characters before the extension (app.li0txhckiq.css).
        [GeneratedRegex(@"/[^/]+\.[0-9a-z]{10}\.[a-z]+$")]
        private static partial Regex Fingerprinted();
    }
}
