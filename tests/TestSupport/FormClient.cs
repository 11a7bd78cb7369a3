using System.Net;
using System.Text.RegularExpressions;

namespace Allo.TestSupport;

/// <summary>
/// Drives the server-rendered pages the way a browser without JavaScript does: GET a page, post
/// its form with the antiforgery token it carries, follow the redirect (post-redirect-get).
/// </summary>
public sealed partial class FormClient(HttpClient http)
{
    public HttpClient Http => http;

    public string Html { get; private set; } = "";
    public Uri? Location { get; private set; }
    public HttpStatusCode Status { get; private set; }

    public async Task<string> GetAsync(string url)
    {
        var response = await http.GetAsync(url);
        await Read(response);
        return Html;
    }

    /// <summary>Posts to the current page's form, with its token.</summary>
    public Task<string> PostAsync(params (string Name, string Value)[] fields) => PostToAsync(Location!.PathAndQuery, fields);

    /// <summary>Posts another form of the current page (say, sign-out in the header) to its own address, with the page's token.</summary>
    public async Task<string> PostToAsync(string action, params (string Name, string Value)[] fields)
    {
        var token = TokenPattern().Match(Html);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token.Success)
        {
            form.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        }
        var response = await http.PostAsync(action, new FormUrlEncodedContent(form));
        await Read(response);
        return Html;
    }

    public string Text => WebUtility.HtmlDecode(TagPattern().Replace(Html, " "));

    private async Task Read(HttpResponseMessage response)
    {
        Status = response.StatusCode;
        Location = response.RequestMessage!.RequestUri;
        Html = await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
