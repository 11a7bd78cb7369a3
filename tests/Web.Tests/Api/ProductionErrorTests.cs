using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Web.Tests.Api;

/// <summary>
/// The service in Production when something it depends on fails (here the clock, which every booking
/// asks): the API answers problem+json without a word about the exception, pages the friendly page.
/// </summary>
public sealed class ProductionErrorTests : IAsyncLifetime
{
    private const string Secret = "the clock broke: secret detail";
    private AlloFactory _factory = null!;
    private WebApplicationFactory<Program> _host = null!;
    private readonly BreakableClock _clock = new(TestClock.At(TestClock.Tuesday0800));

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Allo:PublicBaseUrl"] = "https://allo.example/",
            ["Messaging:DevOutbox"] = "true",
            ["Operator:Name"] = "FOD Financiën",
            ["Operator:Address"] = "Koning Albert II-laan 33, 1030 Brussel",
            ["Operator:DataProtectionContact"] = "dpo@minfin.example",
        });
        _host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IClock>(_clock)));
        _host.CreateClient();
        Assert.Equal("Production", _host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().EnvironmentName);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _factory.DisposeWithDatabaseAsync();
    }

    [Fact]
    public async Task An_unexpected_exception_under_the_api_is_a_500_problem_json_without_details()
    {
        var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/slots")).StatusCode);
        _clock.Broken = true;

        var response = await client.GetAsync("/api/v1/slots");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain(Secret, body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("BreakableClock", body);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task An_unexpected_exception_on_a_page_is_the_friendly_page_in_the_citizens_language()
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        _clock.Broken = true;

        var response = await client.GetAsync("/book/when");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"de\"", html);
        Assert.Contains(new Web.Localization.JsonStringLocalizer().In(Domain.Language.De, "Error.Server.Title"), WebUtility.HtmlDecode(html));
        Assert.DoesNotContain(Secret, html);
    }

    [Fact]
    public async Task A_body_the_api_cannot_read_is_still_a_400_problem_naming_the_field_in_production()
    {
        var response = await _host.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("slotStart", out _));
    }

    /// <summary>A clock that fails on demand, after start-up (which asks it too) has finished.</summary>
    private sealed class BreakableClock(FakeClock clock) : IClock
    {
        public bool Broken { get; set; }

        public Instant GetCurrentInstant() => Broken ? throw new InvalidOperationException(Secret) : clock.GetCurrentInstant();
    }
}
