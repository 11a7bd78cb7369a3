using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Allo.TestSupport;

/// <summary>Who the test server signs in at its next authorize request.</summary>
public sealed record OidcUser(string Subject, string? Email, string? Name, IReadOnlyList<string> Roles, bool EmailVerified = true);

/// <summary>
/// A small but real OpenID Connect provider on a loopback port, for Allo's standard OIDC handler to
/// talk to over HTTP: discovery, keys, authorize (no login form: it signs in <see cref="NextUser"/>,
/// answering with a form_post page as the handler asks), token (the code once, for the right client
/// secret, redirect address and PKCE verifier; an RS256 ID token carrying the nonce) and end_session.
/// </summary>
public sealed class OidcTestServer : IAsyncDisposable
{
    public const string ClientId = "allo-tests";
    public const string ClientSecret = "allo-tests-secret";
    public const string ManagerRole = "allo-manager";
    public const string AgentRole = "allo-agent";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _endSessions = new();

    private sealed record Grant(OidcUser User, string Nonce, string RedirectUri, string Challenge);

    private OidcTestServer(WebApplication app)
    {
        _app = app;
        app.MapGet("/.well-known/openid-configuration", Discovery);
        app.MapGet("/jwks", Keys);
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", Token);
        app.MapGet("/end_session", EndSession);
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The issuer, as the ID tokens and the discovery document give it.</summary>
    public string Issuer => BaseUrl.ToString().TrimEnd('/');

    /// <summary>Who the next authorize request signs in; null answers it with error=access_denied (the person cancelled).</summary>
    public OidcUser? NextUser { get; set; }

    /// <summary>Sign the next ID token with a key the discovery document does not publish.</summary>
    public bool SignNextTokenWithAnotherKey { get; set; }

    /// <summary>Whether the discovery document names an end_session_endpoint.</summary>
    public bool OffersEndSession { get; set; } = true;

    /// <summary>The query of each end_session request, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> EndSessions => [.. _endSessions];

    public static async Task<OidcTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new OidcTestServer(builder.Build());
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Allo's settings for signing in through this server.</summary>
    public Dictionary<string, string> Settings(string displayName = "Test Organisation") => new()
    {
        ["Oidc:Authority"] = BaseUrl.ToString(),
        ["Oidc:ClientId"] = ClientId,
        ["Oidc:ClientSecret"] = ClientSecret,
        ["Oidc:ManagerRole"] = ManagerRole,
        ["Oidc:AgentRole"] = AgentRole,
        ["Oidc:DisplayName"] = displayName,
    };

    private IResult Discovery()
    {
        var document = new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query", "form_post" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        };
        if (OffersEndSession)
        {
            document["end_session_endpoint"] = $"{Issuer}/end_session";
        }
        return Results.Json(document);
    }

    private IResult Keys()
    {
        var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId || query["response_type"] != "code" || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _)
            || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.BadRequest("unexpected authorize request");
        }
        var answer = new Dictionary<string, string> { ["state"] = query["state"].ToString() };
        if (NextUser is { } user)
        {
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
            _codes[code] = new Grant(user, query["nonce"].ToString(), redirectUri, query["code_challenge"].ToString());
            answer["code"] = code;
        }
        else
        {
            answer["error"] = "access_denied";
            answer["error_description"] = "The user cancelled.";
        }
        if (query["response_mode"] != "form_post")
        {
            return Results.Redirect(redirectUri + "?" + string.Join('&', answer.Select(a => $"{a.Key}={Uri.EscapeDataString(a.Value)}")));
        }
        // What a provider sends for form_post: a page whose form the browser submits back to Allo.
        var html = new StringBuilder($"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">");
        foreach (var (name, value) in answer)
        {
            html.Append($"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(value)}\">");
        }
        html.Append("</form></body></html>");
        return Results.Content(html.ToString(), "text/html");
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientOf(request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        // A code works once, for the address and PKCE verifier it was given for.
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || form["redirect_uri"] != grant.RedirectUri || Challenge(form["code_verifier"].ToString()) != grant.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }
        var claims = new Dictionary<string, object> { ["sub"] = grant.User.Subject, ["nonce"] = grant.Nonce, ["roles"] = grant.User.Roles.ToArray() };
        if (grant.User.Email is { } email)
        {
            claims["email"] = email;
            claims["email_verified"] = grant.User.EmailVerified;
        }
        if (grant.User.Name is { } name)
        {
            claims["name"] = name;
        }
        var key = SignNextTokenWithAnotherKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId } : _key;
        SignNextTokenWithAnotherKey = false;
        // The handler checks the token's lifetime against the real time, so the token is issued in it.
        var now = DateTime.UtcNow;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private IResult EndSession(HttpRequest request)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        _endSessions.Enqueue(query);
        if (!query.TryGetValue("post_logout_redirect_uri", out var back))
        {
            return Results.Content("<html><body>Signed out.</body></html>", "text/html");
        }
        return Results.Redirect(back + (query.TryGetValue("state", out var state) ? "?state=" + Uri.EscapeDataString(state) : ""));
    }

    private static (string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }
}
