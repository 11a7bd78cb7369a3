using Allo.Scheduler.Options;

namespace Allo.Web.Infrastructure;

/// <summary>
/// The addresses Kestrel listens on (ASPNETCORE_URLS or --urls), checked before anything starts:
/// Kestrel itself would stop with a stack trace at its first unreadable address.
/// </summary>
public static partial class ListenAddresses
{
    public static void Check(IConfiguration configuration)
    {
        var text = configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        foreach (var address in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's own parser is lenient: "http://localhost:port" listens on every address at port 80.
            // So read it as a URI, with Kestrel's "any host" forms (* and +) standing for a name.
            var probe = AnyHost().Replace(address, "$1://localhost");
            var unixSocket = address.StartsWith("http://unix:/", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://unix:/", StringComparison.OrdinalIgnoreCase);
            if (!unixSocket && !(Uri.TryCreate(probe, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query)))
            {
                throw new ConfigurationProblem(
                    $"The listening address '{address}' is not an address; set ASPNETCORE_URLS to one or more addresses separated by ';', for example http://0.0.0.0:8080.");
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(https?)://[*+]", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AnyHost();
}
