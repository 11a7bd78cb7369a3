using System.Net;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Allo.Web.Tests.Staff;

/// <summary>
/// Idle sign-out enforced by the server alone (no JavaScript here): the cookie authentication reads
/// the TimeProvider in DI, here the test's, so 29 or 31 idle minutes pass in an instant. It starts at
/// the real time, since Identity checks authenticator codes against the system clock.
/// </summary>
public sealed class IdleSignOutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AlloFactory _factory = null!;
    private FormClient _agent = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), time: _time);
        _factory.CreateClient();
        (_agent, _) = await StaffBrowser.SignedInAsync(_factory, "bert@allo.example", StaffRoles.Agent, "fr-BE");
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private void Idle(int minutes) => _time.Advance(TimeSpan.FromMinutes(minutes));

    [Fact]
    public async Task A_request_after_31_idle_minutes_lands_on_sign_in_with_the_reason_in_the_users_language()
    {
        Idle(31);
        await _agent.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", _agent.Location!.AbsolutePath);
        Assert.Contains("signedOut=idle", _agent.Location.Query);
        Assert.Contains("Vous avez été déconnecté après 30 minutes sans activité, pour protéger les données des citoyens", _agent.Text);
        Assert.DoesNotContain("id=\"signed-in-as\"", _agent.Html);
    }

    [Fact]
    public async Task A_request_after_29_idle_minutes_stays_signed_in_and_renews_the_session_for_another_29()
    {
        Idle(29);
        await _agent.GetAsync("/agent");
        Assert.Equal("/agent", _agent.Location!.AbsolutePath);
        Idle(29);
        await _agent.GetAsync("/agent");
        Assert.Equal("/agent", _agent.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, _agent.Status);
    }

    [Fact]
    public async Task The_queues_background_fetch_does_not_renew_the_session()
    {
        Idle(20);
        using var fetch = new HttpRequestMessage(HttpMethod.Get, "/agent");
        fetch.Headers.Add("Sec-Fetch-Mode", "cors");
        var response = await _agent.Http.SendAsync(fetch);
        Assert.Equal("/agent", response.RequestMessage!.RequestUri!.AbsolutePath);
        Idle(11);
        await _agent.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", _agent.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Stay_signed_in_posts_with_the_antiforgery_token_gets_204_and_renews_the_session()
    {
        await _agent.GetAsync("/agent");
        Assert.Contains("data-idle-seconds=\"1800\" data-warn-seconds=\"120\"", _agent.Html);
        Idle(29);
        await _agent.Form("stay-signed-in").SubmitAsync();
        Assert.Equal(HttpStatusCode.NoContent, _agent.Status);
        Idle(29);
        await _agent.GetAsync("/agent");
        Assert.Equal("/agent", _agent.Location!.AbsolutePath);

        var forged = await _agent.Http.PostAsync("/staff/keep-alive", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Staff_IdleMinutes_sets_the_idle_time_and_the_message_says_it()
    {
        var factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), new Dictionary<string, string> { ["Staff:IdleMinutes"] = "10" }, time: _time);
        try
        {
            factory.CreateClient();
            var (agent, _) = await StaffBrowser.SignedInAsync(factory, "dora@allo.example", StaffRoles.Agent, "de-BE");
            Idle(9);
            await agent.GetAsync("/agent");
            Assert.Equal("/agent", agent.Location!.AbsolutePath);
            Idle(11);
            await agent.GetAsync("/agent");
            Assert.Contains("Sie wurden nach 10 Minuten ohne Aktivität abgemeldet", agent.Text);
        }
        finally
        {
            await factory.DisposeWithDatabaseAsync();
        }
    }
}
