namespace Allo.Scheduler.Messaging;

/// <summary>
/// Every absolute link the service gives out — in pages, messages and calendar files — is built
/// here, from <c>Allo:PublicBaseUrl</c>. Never from a request's Host header: a client chooses that,
/// and a link or calendar UID built from it could point a citizen at someone else's site.
/// </summary>
public static class PublicLinks
{
    /// <summary>A path of the service as an absolute address; the base may carry a path of its own (https://example.be/allo/).</summary>
    public static Uri Link(this MessagingSettings settings, string pathAndQuery)
    {
        var root = settings.PublicBaseUrl.AbsoluteUri.EndsWith('/') ? settings.PublicBaseUrl : new Uri(settings.PublicBaseUrl.AbsoluteUri + "/");
        return new Uri(root, pathAndQuery.TrimStart('/'));
    }
}
