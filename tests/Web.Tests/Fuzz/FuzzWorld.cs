using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// One server per provider with something of everything for the fuzz test to aim at: a citizen's
/// booking with its private link and a draft of a second one on the check page, a call in the
/// queue, one an agent holds, one that helped with its feedback, signed-in staff, a closure; and
/// Twilio (the fake, through the real SDK) so that the webhooks check signatures.
/// </summary>
public sealed class FuzzWorld : IAsyncDisposable
{
    public const string PublicBase = "https://allo.example/";
    public const string Citizen = "citizen";
    public const string Visitor = "visitor";
    public const string AgentBrowser = "agent";
    public const string ManagerBrowser = "manager";
    public const string Password = "Correct-Horse-42";

    private readonly Dictionary<string, HttpClient> _browsers = [];
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;
    private WebApplicationFactory<Program> _host = null!;

    public TestDatabase Database => _factory.Database;

    /// <summary>The citizen's booking (Thursday 10:00) behind the manage pages and the API's booking endpoints.</summary>
    public string Reference { get; private set; } = "";
    public string ManageToken { get; private set; } = "";
    public Guid Held { get; private set; }
    /// <summary>A waitlist entry of the citizen's draft number, so that its waitlist check page can only say "already waiting".</summary>
    public Guid WaitlistId { get; private set; }
    public string WaitlistToken { get; private set; } = "";
    public Guid Queued { get; private set; }
    public Guid Helped { get; private set; }
    public Guid ThankYou { get; private set; }
    public string FeedbackPath { get; private set; } = "";
    public string AgentFeedToken { get; private set; } = "";
    public Guid FeedbackId { get; private set; }
    public Guid AdjustmentId { get; private set; }

    public static async Task<FuzzWorld> StartAsync(DatabaseProvider provider)
    {
        var world = new FuzzWorld();
        await world.SetUpAsync(provider);
        return world;
    }

    /// <summary>A browser's client: its own cookies, redirects followed, as the no-JS client keeps them.</summary>
    public HttpClient Browser(string? name) => name is null ? _browsers[""] : _browsers[name];

    public FormClient Page(string browser) => new(Browser(browser));

    public AlloFactory Factory => _factory;

    private async Task SetUpAsync(DatabaseProvider provider)
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800), _twilio.Settings(PublicBase));
        // Every request comes from its own address, so that the rate limits (which count per address
        // and per minute of real time) never decide a case: the fuzz test stays deterministic.
        _host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new EveryRequestItsOwnAddress())));
        _browsers[""] = _host.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler());
        foreach (var name in new[] { Citizen, Visitor, AgentBrowser, ManagerBrowser })
        {
            var client = _host.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(new CookieContainer()));
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(name == Citizen ? "fr-BE" : "en-GB");
            _browsers[name] = client;
        }

        var api = Browser(null);
        (Reference, ManageToken) = await BookAsync(api, "2026-12-03T10:00:00+01:00", "0470 11 11 11", "fr", "marie@example.be");
        Held = await IdOfAsync((await BookAsync(api, TestClock.Wednesday1000Slot, "0470 22 22 22", "nl", null)).Reference);
        Queued = await IdOfAsync((await BookAsync(api, TestClock.Wednesday1000Slot, "0470 33 33 33", "de", null)).Reference);
        Helped = await IdOfAsync((await BookAsync(api, TestClock.Wednesday1000Slot, "0470 44 44 44", "fr", "lea@example.be")).Reference);
        await DraftUpToTheCheckPageAsync();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            PhoneNumber.TryParse("0470 11 11 11", out var phone);
            var joined = Assert.IsType<JoinOutcome.Joined>(await scope.ServiceProvider.GetRequiredService<WaitlistService>().JoinAsync(
                phone!, Language.Fr, "Marie", null, Needs.None, new LocalDate(2026, 12, 7), new LocalDate(2026, 12, 11), DayParts.Any));
            (WaitlistId, WaitlistToken) = (joined.Entry.Id, joined.ManageToken);
        }

        var agentId = await StaffAsync(AgentBrowser, "agent@allo.example", StaffRoles.Agent);
        await StaffAsync(ManagerBrowser, "boss@allo.example", StaffRoles.Manager);

        _factory.Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(2));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
            await queue.EnterDueAsync();
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(Held, agentId));
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(Helped, agentId));
            Assert.Null(await queue.RecordOutcomeAsync(Helped, agentId, CallOutcome.Helped, "Fine"));
            FeedbackPath = scope.ServiceProvider.GetRequiredService<FeedbackLinks>().For(Helped, Language.Fr).PathAndQuery;
        }
        ThankYou = await _factory.QueryAsync(db => db.OutboundMessages.Where(m => m.BookingId == Helped && m.Kind == MessageKind.ThankYou).Select(m => m.Id).FirstAsync());

        var feedback = Page(Visitor);
        await feedback.GetAsync(FeedbackPath);
        await feedback.SubmitAsync(("rating", "4"), ("words", "Très bien"));
        Assert.Equal("/feedback/thanks", feedback.Location!.AbsolutePath);
        FeedbackId = await _factory.QueryAsync(db => db.Feedback.Select(f => f.Id).SingleAsync());

        var agent = Page(AgentBrowser);
        await agent.GetAsync("/agent/day");
        await agent.Form("save-phone").Set("phone", "0470 99 99 99").SubmitAsync();
        await agent.GetAsync("/agent/day");
        await agent.SubmitAsync("new-feed");
        AgentFeedToken = await _factory.QueryAsync(db => db.Users.Where(u => u.Id == agentId).Select(u => u.CalendarFeedToken!).SingleAsync());

        var manager = Page(ManagerBrowser);
        await manager.GetAsync("/manager/capacity");
        await manager.Form("add-adjustment").Check("kind", "Closed").Set(("from", "2027-01-04"), ("to", "2027-01-05"), ("reason", "Team day")).SubmitAsync();
        AdjustmentId = await _factory.QueryAsync(db => db.CapacityAdjustments.Select(a => a.Id).SingleAsync());
    }

    /// <summary>
    /// The citizen's draft ends on the check page with the number of the booking above, so that
    /// confirming it can never book (that number has its call): it leads to "already booked".
    /// </summary>
    private async Task DraftUpToTheCheckPageAsync()
    {
        var citizen = Page(Citizen);
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync("2026-12-03T11:00:00+01:00");
        await citizen.SubmitAsync(("phone", "0470 11 11 11"));
        await citizen.SubmitAsync(("name", "Marie"));
        await citizen.SubmitAsync();
        Assert.Equal("/book/check", citizen.Location!.AbsolutePath);
    }

    private async Task<string> StaffAsync(string browser, string email, string role)
    {
        string id;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            id = (await StaffAccounts.CreateAsync(scope.ServiceProvider, email, email.Split('@')[0], Password, role, TestAgents.AllLanguages, TestAgents.AllSkills)).Id;
        }
        var page = Page(browser);
        await page.GetAsync("/staff/sign-in");
        await page.SubmitAsync(("email", email), ("password", Password));
        await StaffBrowser.SecondFactorAsync(_host, page, email);
        Assert.Contains("id=\"signed-in-as\"", page.Html);
        return id;
    }

    private static async Task<(string Reference, string Token)> BookAsync(HttpClient api, string slot, string phone, string language, string? email)
    {
        var response = await api.PostAsJsonAsync("/api/v1/bookings", new { slotStart = slot, phone, language, email, name = "Marie" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("reference").GetString()!, body.GetProperty("manageToken").GetString()!);
    }

    private Task<Guid> IdOfAsync(string reference) =>
        _factory.QueryAsync(db => db.Bookings.Where(b => b.Reference == reference).Select(b => b.Id).SingleAsync());

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _browsers.Values)
        {
            client.Dispose();
        }
        await _host.DisposeAsync();
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    private sealed class EveryRequestItsOwnAddress : IStartupFilter
    {
        private int _next;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                var n = Interlocked.Increment(ref _next);
                context.Connection.RemoteIpAddress = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
                return following(context);
            });
            next(app);
        };
    }
}
