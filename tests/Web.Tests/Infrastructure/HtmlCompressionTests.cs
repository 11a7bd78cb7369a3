using System.Net;
using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Web.Tests.Infrastructure;

/// <summary>
/// Pages are compressed unless another site may have made the browser ask for them with the citizen's
/// cookies (BREACH; docs/decisions/0014-compressed-pages-and-breach.md).
/// </summary>
public sealed class HtmlCompressionTests : IAsyncLifetime
{
    // Which cookie does not matter: any cookie may bring something of the citizen's into the page.
    private const string Cookie = ".Allo.Draft=CfDJ8-the-citizens-answers";
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public Task DisposeAsync() => _factory.DisposeWithDatabaseAsync();

    private async Task<HttpResponseMessage> GetAsync(string acceptEncoding, string? fetchSite, string? cookie)
    {
        // The start page: it carries an antiforgery token, and any page may carry what a cookie brings.
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept-Encoding", acceptEncoding);
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        var response = await _factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    [Theory]
    [InlineData("br, gzip", "same-origin", "br")]
    [InlineData("br, gzip", "none", "br")]
    [InlineData("gzip", "same-origin", "gzip")]
    public async Task A_page_the_citizen_asked_for_from_our_own_pages_or_directly_comes_compressed_even_with_cookies(string accept, string fetchSite, string expected)
    {
        var response = await GetAsync(accept, fetchSite, Cookie);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    [InlineData(null)]
    public async Task A_page_asked_for_with_cookies_by_another_site_or_by_a_browser_without_fetch_metadata_comes_uncompressed(string? fetchSite)
    {
        var response = await GetAsync("br, gzip", fetchSite, Cookie);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData(null)]
    public async Task A_page_asked_for_without_any_cookie_comes_compressed_whoever_asked(string? fetchSite)
    {
        var response = await GetAsync("br, gzip", fetchSite, cookie: null);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_antiforgery_token_on_a_page_differs_in_every_response_to_the_same_cookies()
    {
        // The decision relies on it: a secret that changes with every response cannot be guessed by size.
        var citizen = FormClient.For(_factory, "fr-BE");
        var tokens = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            var html = await citizen.GetAsync("/");
            var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
            Assert.True(token.Success, "no antiforgery token on the start page");
            tokens.Add(token.Groups[1].Value);
        }
        Assert.Equal(3, tokens.Count);
    }
}
