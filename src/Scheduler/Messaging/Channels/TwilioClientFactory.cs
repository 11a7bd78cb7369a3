using Twilio.Clients;
using Twilio.Http;

namespace Allo.Scheduler.Messaging.Channels;

/// <summary>
/// The real Twilio SDK client. With Twilio:ApiBaseUrl set (tests, a recording proxy) every request
/// the SDK makes to *.twilio.com goes to that address instead, path and query unchanged.
/// </summary>
public sealed class TwilioClientFactory(TwilioSettings settings)
{
    private readonly Lazy<TwilioRestClient> _client = new(() =>
    {
        var handler = new RedirectHandler(settings.ApiBaseUrl) { InnerHandler = new SocketsHttpHandler() };
        var http = new System.Net.Http.HttpClient(handler) { Timeout = settings.Timeout };
        return new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: new SystemNetHttpClient(http));
    });

    public TwilioSettings Settings => settings;

    public ITwilioRestClient Client => _client.Value;

    public Uri StatusCallback => new(settings.PublicBaseUrl, "webhooks/twilio/status");

    private sealed class RedirectHandler(Uri? baseUrl) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (baseUrl is not null && request.RequestUri is { } uri)
            {
                request.RequestUri = new UriBuilder(uri) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port }.Uri;
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
