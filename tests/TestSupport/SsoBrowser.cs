using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Allo.TestSupport;

/// <summary>
/// A browser between Allo (in the test host, at https://localhost, since the handler's correlation
/// cookie is Secure) and the <see cref="OidcTestServer"/> (over real loopback HTTP): it presses a
/// button and follows, itself, every redirect, the provider's form_post page and Allo's meta refresh,
/// carrying Allo's cookies, until a page stays. <see cref="Pages"/> then goes on with the same cookies.
/// </summary>
public sealed partial class SsoBrowser : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _allo;
    private readonly HttpClient _provider;
    private readonly OidcTestServer _server;

    public SsoBrowser(AlloFactory factory, OidcTestServer server, string acceptLanguage = "en-GB")
    {
        _server = server;
        _allo = factory.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(_cookies));
        _allo.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        _provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var pages = factory.CreateDefaultClient(new Uri("https://localhost"), new RedirectHandler(), new CookieContainerHandler(_cookies));
        pages.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        Pages = new FormClient(pages);
    }

    /// <summary>Allo's pages without JavaScript, with this browser's cookies.</summary>
    public FormClient Pages { get; }

    public HttpStatusCode Status { get; private set; }
    public Uri Location { get; private set; } = null!;
    public string Html { get; private set; } = "";
    public string Text => WebUtility.HtmlDecode(TagPattern().Replace(Html, " "));

    /// <summary>Every address visited since the button was pressed, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>
    /// Opens the sign-in page (with <paramref name="returnUrl"/>), presses "Sign in with …" and follows
    /// through the provider and back. <paramref name="tamper"/> may change what the provider's form posts back.
    /// </summary>
    public Task SignInAsync(string? returnUrl = null, Action<Dictionary<string, string>>? tamper = null) =>
        PressAsync("/staff/sign-in" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)), "sso", tamper);

    /// <summary>Opens <paramref name="page"/>, submits the form of the button with id <paramref name="button"/>, and follows.</summary>
    public async Task PressAsync(string page, string button, Action<Dictionary<string, string>>? tamper = null)
    {
        Visited.Clear();
        var html = await (await _allo.GetAsync(page)).Content.ReadAsStringAsync();
        var form = Parser.ParseDocument(html).Forms.Single(f => f.QuerySelector($"#{button}") is not null);
        await FollowAsync(await PostAsync(new Uri(new Uri("https://localhost"), page), form, tamper: null), tamper);
    }

    private async Task FollowAsync(HttpResponseMessage response, Action<Dictionary<string, string>>? tamper)
    {
        for (var hop = 0; hop < 20; hop++)
        {
            var at = response.RequestMessage!.RequestUri!;
            Visited.Add(at);
            Status = response.StatusCode;
            Location = at;
            Html = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next)
            {
                response = await GetAsync(new Uri(at, next));
                continue;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return;
            }
            var document = Parser.ParseDocument(Html);
            if (IsProvider(at) && document.Forms.FirstOrDefault() is { } post)
            {
                // The provider's form_post page, which a browser submits by itself.
                response = await PostAsync(at, post, tamper);
                continue;
            }
            if (document.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content") is { } refresh)
            {
                response = await GetAsync(new Uri(at, refresh[(refresh.IndexOf("url=", StringComparison.OrdinalIgnoreCase) + 4)..]));
                continue;
            }
            return;
        }
        throw new InvalidOperationException($"More than 20 hops; last at {Location}");
    }

    private bool IsProvider(Uri address) => address.Authority == _server.BaseUrl.Authority;

    private Task<HttpResponseMessage> GetAsync(Uri address) => (IsProvider(address) ? _provider : _allo).GetAsync(address);

    private Task<HttpResponseMessage> PostAsync(Uri page, IHtmlFormElement form, Action<Dictionary<string, string>>? tamper)
    {
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is { Length: > 0 })
            .ToDictionary(i => i.Name!, i => i.Value);
        tamper?.Invoke(fields);
        var action = new Uri(page, string.IsNullOrEmpty(form.GetAttribute("action")) ? page.PathAndQuery : form.GetAttribute("action")!);
        return (IsProvider(action) ? _provider : _allo).PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public void Dispose()
    {
        _allo.Dispose();
        _provider.Dispose();
        Pages.Http.Dispose();
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
