using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Xunit;

namespace Allo.TestSupport;

/// <summary>
/// A browser without JavaScript: GET a page, fill in one of its forms and submit it to the form's
/// own action with exactly the fields the form holds (hidden ones and the antiforgery token
/// included), then follow the redirect (post-redirect-get). A test can only change what a person
/// could change on the page; anything else fails the test with what the form does have.
/// </summary>
public sealed partial class FormClient(HttpClient http)
{
    private static readonly HtmlParser Parser = new();
    private IHtmlDocument? _document;

    public HttpClient Http => http;

    public string Html { get; private set; } = "";
    public Uri? Location { get; private set; }
    public HttpStatusCode Status { get; private set; }

    public string Text => WebUtility.HtmlDecode(TagPattern().Replace(Html, " "));

    private IHtmlDocument Document => _document ??= Parser.ParseDocument(Html);

    /// <summary>A browser with its own cookies that asks for <paramref name="acceptLanguage"/>.</summary>
    public static FormClient For(AlloFactory factory, string acceptLanguage = "en-GB")
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return new FormClient(client);
    }

    /// <summary>A browser whose cookies live in <paramref name="cookies"/>, so that a load balancer can send it to any node.</summary>
    public static FormClient For(AlloFactory node, CookieContainer cookies, string acceptLanguage)
    {
        var client = node.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return new FormClient(client);
    }

    public async Task<string> GetAsync(string url)
    {
        await Read(await http.GetAsync(url));
        return Html;
    }

    /// <summary>
    /// A form of the current page: the one whose submit button has the text, id or name
    /// <paramref name="button"/>, the one that holds the field value <paramref name="holding"/> (a
    /// row's hidden id, say), both, or with neither the only form in &lt;main&gt;.
    /// </summary>
    public PageForm Form(string? button = null, (string Name, string Value)? holding = null)
    {
        var document = Document;
        var forms = button is null && holding is null
            ? document.QuerySelectorAll("main form").OfType<IHtmlFormElement>().ToList()
            : document.Forms.ToList();
        var matches = forms
            .Where(f => button is null || PageForm.SubmitButtons(f).Any(b => PageForm.Names(b, button)))
            .Where(f => holding is not { } h || f.Elements.Any(e => e.GetAttribute("name") == h.Name && e.GetAttribute("value") == h.Value))
            .ToList();
        if (matches.Count != 1)
        {
            var wanted = button is null && holding is null ? "the only form in <main>" : $"a form with button '{button}' holding {holding}";
            Assert.Fail($"{Location} has {matches.Count} forms matching {wanted}. Its forms: {string.Join("; ", document.Forms.Select(PageForm.Describe))}");
        }
        return new PageForm(this, matches[0], button);
    }

    /// <summary>Fills in the only form in &lt;main&gt; (see <see cref="PageForm.Set"/>) and submits it.</summary>
    public Task<string> SubmitAsync(params (string Name, string Value)[] fields) => Form().Set(fields).SubmitAsync();

    /// <summary>Fills in the form of the submit button <paramref name="button"/> and presses that button.</summary>
    public Task<string> SubmitAsync(string button, params (string Name, string Value)[] fields) => Form(button).Set(fields).SubmitAsync();

    internal async Task<string> SendAsync(HttpMethod method, Uri action, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var response = method == HttpMethod.Get
            ? await http.GetAsync(new UriBuilder(action) { Query = await new FormUrlEncodedContent(fields).ReadAsStringAsync() }.Uri)
            : await http.PostAsync(action, new FormUrlEncodedContent(fields));
        await Read(response);
        return Html;
    }

    private async Task Read(HttpResponseMessage response)
    {
        Status = response.StatusCode;
        Location = response.RequestMessage!.RequestUri;
        Html = await response.Content.ReadAsStringAsync();
        _document = null;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
