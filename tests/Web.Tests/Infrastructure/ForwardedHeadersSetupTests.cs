using Allo.Scheduler.Options;
using Allo.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Allo.Web.Tests.Infrastructure;

public sealed class ForwardedHeadersSetupTests
{
    private static IServiceProvider Build(bool isProduction, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddAlloForwardedHeaders(configuration, isProduction).BuildServiceProvider();
    }

    [Theory]
    [InlineData("KnownProxies", "10.0.0.5, 10")]
    [InlineData("KnownProxies", "proxy.example.be")]
    [InlineData("KnownNetworks", "10.0.0.0")]
    [InlineData("KnownNetworks", "10.0.0.1/8")]
    [InlineData("KnownNetworks", "10.0.0.0/33")]
    public void A_value_that_is_not_an_address_or_network_is_named_with_the_variable_to_set(string key, string value)
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => Build(false, ($"ForwardedHeaders:{key}", value)));
        Assert.Contains($"ForwardedHeaders__{key}", problem.Message);
        Assert.Contains(value.Split(", ")[^1], problem.Message);
    }

    [Fact]
    public void Listed_proxies_and_networks_are_trusted_besides_loopback()
    {
        var options = Build(false, ("ForwardedHeaders:KnownProxies", "10.0.0.5, 2001:db8::5"), ("ForwardedHeaders:KnownNetworks", "192.168.0.0/16"))
            .GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(System.Net.IPAddress.Parse("2001:db8::5"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("192.168.0.0/16"), options.KnownIPNetworks);
        Assert.Contains(System.Net.IPNetwork.Parse("127.0.0.0/8"), options.KnownIPNetworks);
    }

    [Theory]
    [InlineData(true, CookieSecurePolicy.Always)]
    [InlineData(false, CookieSecurePolicy.SameAsRequest)]
    public void Cookies_are_always_secure_in_production_and_otherwise_when_the_original_request_was_https(bool isProduction, CookieSecurePolicy expected)
    {
        Assert.Equal(expected, Build(isProduction).GetRequiredService<IOptions<CookiePolicyOptions>>().Value.Secure);
    }
}
