using System.Net;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Infrastructure;

/// <summary>
/// The service behind a TLS-terminating proxy (see <see cref="SimulatedNetwork"/>): the forwarded
/// headers are believed from the known proxy only, and then cookies, HSTS and the rate limits follow
/// the citizen, not the proxy.
/// </summary>
public sealed class BehindAProxyTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.5";
    private const string Stranger = "203.0.113.7";
    private AlloFactory _factory = null!;
    private WebApplicationFactory<Program> _service = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800),
            new Dictionary<string, string>
            {
                ["ForwardedHeaders:KnownProxies"] = Proxy,
                ["ForwardedHeaders:KnownNetworks"] = "fd00::/8",
                ["RateLimit:PermitsPerMinute"] = "3",
            });
        _service = SimulatedNetwork.Around(_factory);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
    }

    /// <summary>A citizen who answers every question up to the check page, and a member of staff who signs in, through <paramref name="proxy"/>.</summary>
    private async Task<(CookieContainer Cookies, HttpResponseMessage Start)> BrowseAsync(string proxy)
    {
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann", StaffBrowser.Password, StaffRoles.Manager);
        }
        var cookies = new CookieContainer();
        var citizen = SimulatedNetwork.Browser(_service, proxy, "198.51.100.1", cookies);
        var start = await citizen.Http.GetAsync("/");
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", "0470 12 34 56"));
        await citizen.SubmitAsync(("name", "Marie"), ("email", ""));
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);

        var staff = SimulatedNetwork.Browser(_service, proxy, "198.51.100.2", cookies);
        await staff.GetAsync("/staff/sign-in");
        await staff.SubmitAsync(("email", "ann@allo.example"), ("password", StaffBrowser.Password));
        await StaffBrowser.SecondFactorAsync(_service, staff, "ann@allo.example");
        Assert.Contains("id=\"signed-in-as\"", staff.Html);
        return (cookies, start);
    }

    private static readonly string[] Expected = [".Allo.Draft", ".Allo.Language", ".Allo.Staff", ".AspNetCore.Antiforgery."];

    [Fact]
    public async Task Https_forwarded_by_the_known_proxy_gives_hsts_and_secure_draft_staff_language_and_antiforgery_cookies()
    {
        var (cookies, start) = await BrowseAsync(Proxy);
        Assert.True(start.Headers.Contains("Strict-Transport-Security"));
        var all = cookies.GetAllCookies().ToList();
        Assert.All(Expected, name => Assert.Contains(all, c => c.Name.StartsWith(name, StringComparison.Ordinal)));
        Assert.All(all, c => Assert.True(c.Secure, $"{c.Name} is not Secure"));
    }

    [Fact]
    public async Task Https_claimed_by_an_unknown_address_is_not_believed_no_hsts_and_no_secure_cookies()
    {
        var (cookies, start) = await BrowseAsync(Stranger);
        Assert.False(start.Headers.Contains("Strict-Transport-Security"));
        var all = cookies.GetAllCookies().ToList();
        Assert.All(Expected, name => Assert.Contains(all, c => c.Name.StartsWith(name, StringComparison.Ordinal)));
        Assert.All(all, c => Assert.False(c.Secure, $"{c.Name} is Secure"));
    }

    private async Task<HttpStatusCode> SlotsAsync(string proxy, string client) =>
        (await SimulatedNetwork.Client(_service, proxy, client).GetAsync("/api/v1/slots")).StatusCode;

    [Fact]
    public async Task Two_citizens_behind_the_same_proxy_each_have_their_own_rate_limit_budget()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SlotsAsync(Proxy, "198.51.100.1"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await SlotsAsync(Proxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await SlotsAsync(Proxy, "198.51.100.2"));
    }

    [Fact]
    public async Task An_unknown_address_that_sends_x_forwarded_for_keeps_its_own_address_and_its_one_budget()
    {
        // Each request claims to come from someone else; all of them count against the sender.
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SlotsAsync(Stranger, $"198.51.100.{i}"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await SlotsAsync(Stranger, "198.51.100.4"));
        Assert.Equal(HttpStatusCode.OK, await SlotsAsync(Proxy, "198.51.100.4"));
    }

    [Fact]
    public async Task Behind_a_proxy_in_a_known_network_an_ipv6_client_is_one_budget_for_its_whole_64()
    {
        Assert.Equal(HttpStatusCode.OK, await SlotsAsync("fd00::5", "2001:db8:1:1::1"));
        Assert.Equal(HttpStatusCode.OK, await SlotsAsync("fd00::5", "2001:db8:1:1::2"));
        Assert.Equal(HttpStatusCode.OK, await SlotsAsync("fd00::5", "2001:db8:1:1:ffff::3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SlotsAsync("fd00::5", "2001:db8:1:1::4"));
        Assert.Equal(HttpStatusCode.OK, await SlotsAsync("fd00::5", "2001:db8:1:2::1"));
    }
}
