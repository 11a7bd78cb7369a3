using System.Net;
using Allo.Domain;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Staff;

/// <summary>
/// Staff sign in through the organisation's identity provider: the real OIDC handler in the test host
/// talks over loopback HTTP to <see cref="OidcTestServer"/>, and the test's browser follows the
/// redirects between them (docs/decisions/0019).
/// </summary>
public abstract class SingleSignOnTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Web.Localization.JsonStringLocalizer Strings = new();
    private OidcTestServer _server = null!;
    private AlloFactory _factory = null!;
    private readonly List<SsoBrowser> _browsers = [];

    public async Task InitializeAsync()
    {
        _server = await OidcTestServer.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800), _server.Settings());
        _factory.CreateClient();
        await using var scope = _factory.Services.CreateAsyncScope();
        // The installation's first manager, with a password (the create-manager command).
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann", StaffBrowser.Password, StaffRoles.Manager);
    }

    public async Task DisposeAsync()
    {
        _browsers.ForEach(b => b.Dispose());
        await _factory.DisposeWithDatabaseAsync();
        await _server.DisposeAsync();
    }

    private static string Say(Language language, string key, params object[] values) => string.Format(Strings.In(language, key), values);

    private SsoBrowser Browser(string acceptLanguage = "en-GB")
    {
        var browser = new SsoBrowser(_factory, _server, acceptLanguage);
        _browsers.Add(browser);
        return browser;
    }

    private async Task<SsoBrowser> SignedInAsync(OidcUser user, string acceptLanguage = "en-GB", string? returnUrl = null)
    {
        var browser = Browser(acceptLanguage);
        _server.NextUser = user;
        await browser.SignInAsync(returnUrl);
        return browser;
    }

    private static OidcUser Agent(string subject, string email, bool verified = true) => new(subject, email, "Bert Janssens", [OidcTestServer.AgentRole, "staff"], verified);

    private Task<T> QueryAsync<T>(Func<Scheduler.Persistence.AlloDbContext, Task<T>> query) => _factory.QueryAsync(query);

    private async Task<string?> RoleOfAsync(string email) => await QueryAsync(db =>
        db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant())
            .SelectMany(u => db.UserRoles.Where(r => r.UserId == u.Id))
            .Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name).SingleOrDefaultAsync());

    [Fact]
    public async Task A_first_sign_in_with_the_agent_role_makes_a_linked_agent_account_from_the_claims_and_lands_on_the_queue()
    {
        var browser = await SignedInAsync(Agent("sub-bert", "Bert@Allo.example"), "fr-BE");

        Assert.Equal(HttpStatusCode.OK, browser.Status);
        Assert.Equal("/agent", browser.Location.AbsolutePath);
        Assert.Contains("id=\"signed-in-as\"", browser.Html);
        Assert.Contains(browser.Visited, u => u.Authority == _server.BaseUrl.Authority && u.AbsolutePath == "/authorize");
        var account = await QueryAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == "BERT@ALLO.EXAMPLE"));
        Assert.Equal(("bert@allo.example", "Bert Janssens", "fr", (string?)null), (account.Email, account.DisplayName, account.Languages, account.PasswordHash));
        Assert.NotNull(account.LastSignInAt);
        var login = await QueryAsync(db => db.UserLogins.SingleAsync(l => l.UserId == account.Id));
        Assert.Equal((_server.Issuer, "sub-bert"), (login.LoginProvider, login.ProviderKey));
        Assert.Equal(StaffRoles.Agent, await RoleOfAsync("bert@allo.example"));
        Assert.Equal(StaffChangeKind.Joined, (await QueryAsync(db => db.StaffChanges.SingleAsync(c => c.AccountId == account.Id))).Kind);
        await browser.Pages.GetAsync("/manager/dashboard");
        Assert.Equal("/error/403", browser.Pages.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_manager_signing_in_links_the_account_of_the_same_verified_email_and_lands_on_the_dashboard()
    {
        var browser = await SignedInAsync(new OidcUser("sub-ann", "ann@allo.example", "Ann Peeters", [OidcTestServer.ManagerRole]));

        Assert.Equal("/manager/dashboard", browser.Location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, browser.Status);
        var ann = await QueryAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == "ANN@ALLO.EXAMPLE"));
        Assert.Equal("Ann", ann.DisplayName);
        Assert.Equal(1, await QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal("sub-ann", (await QueryAsync(db => db.UserLogins.SingleAsync(l => l.UserId == ann.Id))).ProviderKey);
        Assert.Contains(await QueryAsync(db => db.StaffChanges.Where(c => c.AccountId == ann.Id).Select(c => c.Kind).ToListAsync()), k => k == StaffChangeKind.Linked);

        // The next sign-in finds the link, even after the email changed at the provider.
        var again = await SignedInAsync(new OidcUser("sub-ann", "a.peeters@allo.example", "Ann Peeters", [OidcTestServer.ManagerRole]));
        Assert.Equal("/manager/dashboard", again.Location.AbsolutePath);
        Assert.Equal(1, await QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task The_sign_in_returns_to_the_page_that_asked_for_it()
    {
        var browser = await SignedInAsync(Agent("sub-bert", "bert@allo.example"), returnUrl: "/agent/day");
        Assert.Equal("/agent/day", browser.Location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, browser.Status);
    }

    [Fact]
    public async Task The_role_claim_sets_the_role_at_each_sign_in_and_the_change_ends_the_older_session_at_once()
    {
        var asAgent = await SignedInAsync(Agent("sub-bert", "bert@allo.example"));
        Assert.Equal(HttpStatusCode.OK, (await asAgent.Pages.Http.GetAsync("/agent")).StatusCode);

        var asManager = await SignedInAsync(new OidcUser("sub-bert", "bert@allo.example", "Bert Janssens", ["staff", OidcTestServer.ManagerRole, OidcTestServer.AgentRole]));
        Assert.Equal("/manager/dashboard", asManager.Location.AbsolutePath);
        Assert.Equal(StaffRoles.Manager, await RoleOfAsync("bert@allo.example"));
        // A new role is a new security stamp: the agent session signed in before it is over.
        await asAgent.Pages.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", asAgent.Pages.Location!.AbsolutePath);

        await SignedInAsync(Agent("sub-bert", "bert@allo.example"));
        Assert.Equal(StaffRoles.Agent, await RoleOfAsync("bert@allo.example"));
        await asManager.Pages.GetAsync("/manager/dashboard");
        Assert.Equal("/staff/sign-in", asManager.Pages.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_manager_who_joined_through_the_provider_is_active_without_a_password_and_counts_for_the_last_manager_rule()
    {
        await SignedInAsync(new OidcUser("sub-carla", "carla@allo.example", "Carla Dubois", [OidcTestServer.ManagerRole]));
        await using var scope = _factory.Services.CreateAsyncScope();
        var administration = scope.ServiceProvider.GetRequiredService<StaffAdministration>();
        var carla = await QueryAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == "CARLA@ALLO.EXAMPLE"));
        var ann = await QueryAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == "ANN@ALLO.EXAMPLE"));

        Assert.Equal(StaffStatus.Active, (await administration.FindAsync(carla.Id))!.Status);
        Assert.IsType<StaffOutcome.Done>(await administration.DeactivateAsync(carla.Id, ann.Id));
        Assert.Equal(new StaffOutcome.Refused(StaffProblem.LastManager), await administration.ChangeRoleAsync(carla.Id, carla.Id, StaffRoles.Agent));
    }

    [Fact]
    public async Task A_role_claim_that_maps_to_no_role_is_refused_with_a_page_saying_so_in_dutch_and_makes_no_account()
    {
        var browser = await SignedInAsync(new OidcUser("sub-carl", "carl@allo.example", "Carl", ["staff", "allo-viewer"]), "nl-BE");

        Assert.Equal(HttpStatusCode.Forbidden, browser.Status);
        Assert.Equal("/staff/sign-in/organisation", browser.Location.AbsolutePath);
        Assert.Contains(Say(Language.Nl, "SingleSignOn.NoRole", "Test Organisation"), browser.Text);
        Assert.DoesNotContain("id=\"signed-in-as\"", browser.Html);
        Assert.Equal(0, await QueryAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == "CARL@ALLO.EXAMPLE")));
        await browser.Pages.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", browser.Pages.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_although_the_provider_signs_them_in()
    {
        await SignedInAsync(Agent("sub-bert", "bert@allo.example"));
        await DeactivateAsync("bert@allo.example");

        var browser = await SignedInAsync(Agent("sub-bert", "bert@allo.example"), "de-BE");
        Assert.Equal(HttpStatusCode.Forbidden, browser.Status);
        Assert.Contains(Say(Language.De, "SingleSignOn.Deactivated"), browser.Text);
        await browser.Pages.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", browser.Pages.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Deactivating_an_account_ends_its_single_sign_on_session_on_the_next_request()
    {
        var browser = await SignedInAsync(Agent("sub-bert", "bert@allo.example"));
        await DeactivateAsync("bert@allo.example");

        await browser.Pages.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", browser.Pages.Location!.AbsolutePath);
        Assert.DoesNotContain("id=\"signed-in-as\"", browser.Pages.Html);
    }

    [Fact]
    public async Task The_provider_demoting_the_last_manager_is_refused_and_leaves_them_manager_and_unlinked()
    {
        var browser = await SignedInAsync(new OidcUser("sub-ann", "ann@allo.example", "Ann", [OidcTestServer.AgentRole]));

        Assert.Equal(HttpStatusCode.Forbidden, browser.Status);
        Assert.Contains(Say(Language.En, "SingleSignOn.LastManager", "Test Organisation"), browser.Text);
        Assert.Equal(StaffRoles.Manager, await RoleOfAsync("ann@allo.example"));
        Assert.Equal(0, await QueryAsync(db => db.UserLogins.CountAsync()));
    }

    [Fact]
    public async Task An_email_the_provider_does_not_verify_never_links_an_existing_account()
    {
        var browser = await SignedInAsync(new OidcUser("sub-mallory", "ann@allo.example", "Mallory", [OidcTestServer.ManagerRole], EmailVerified: false));

        Assert.Equal(HttpStatusCode.Forbidden, browser.Status);
        Assert.Contains(Say(Language.En, "SingleSignOn.EmailNotVerified", "Test Organisation"), browser.Text);
        Assert.Equal(0, await QueryAsync(db => db.UserLogins.CountAsync()));
        Assert.Equal(1, await QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_tampered_state_gives_the_sign_in_page_with_a_linked_error_in_french_and_no_session()
    {
        var browser = Browser("fr-BE");
        _server.NextUser = Agent("sub-bert", "bert@allo.example");
        await browser.SignInAsync(tamper: fields => fields["state"] = "not-the-state-Allo-sent");

        Assert.Equal(HttpStatusCode.OK, browser.Status);
        Assert.Equal("/staff/sign-in", browser.Location.AbsolutePath);
        AssertErrorLinksToTheButton(browser, Say(Language.Fr, "Error.SignIn.SsoFailed", "Test Organisation"));
        Assert.Equal(0, await QueryAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == "BERT@ALLO.EXAMPLE")));
    }

    [Fact]
    public async Task Cancelling_at_the_provider_gives_the_sign_in_page_with_a_linked_error_not_a_500()
    {
        var browser = Browser("nl-BE");
        _server.NextUser = null;
        await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, browser.Status);
        Assert.Equal("/staff/sign-in", browser.Location.AbsolutePath);
        AssertErrorLinksToTheButton(browser, Say(Language.Nl, "Error.SignIn.SsoCancelled", "Test Organisation"));
    }

    [Fact]
    public async Task An_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused_with_a_friendly_error()
    {
        var browser = Browser();
        _server.NextUser = Agent("sub-bert", "bert@allo.example");
        _server.SignNextTokenWithAnotherKey = true;
        await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, browser.Status);
        Assert.Contains(Say(Language.En, "Error.SignIn.SsoFailed", "Test Organisation"), browser.Text);
        Assert.Equal(0, await QueryAsync(db => db.UserLogins.CountAsync()));
    }

    [Fact]
    public async Task Forms_may_redirect_to_the_provider_because_browsers_apply_form_action_to_the_redirect_after_the_button()
    {
        var response = await _factory.CreateClient().GetAsync("/staff/sign-in");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"form-action 'self' {_server.BaseUrl.GetLeftPart(UriPartial.Authority)};", policy);
    }

    [Fact]
    public async Task The_organisation_page_opened_without_a_provider_sign_in_sends_back_to_the_sign_in_page_with_an_error()
    {
        var browser = Browser();
        await browser.Pages.GetAsync("/staff/sign-in/organisation");
        Assert.Equal("/staff/sign-in", browser.Pages.Location!.AbsolutePath);
        Assert.Contains(Say(Language.En, "Error.SignIn.SsoFailed", "Test Organisation"), browser.Pages.Text);
    }

    [Fact]
    public async Task Signing_out_of_a_single_sign_on_session_ends_the_providers_session_with_the_id_token_as_hint()
    {
        var browser = await SignedInAsync(Agent("sub-bert", "bert@allo.example"));
        await browser.PressAsync("/agent", "sign-out");

        Assert.Equal("/staff/sign-in", browser.Location.AbsolutePath);
        var endSession = Assert.Single(_server.EndSessions);
        Assert.False(string.IsNullOrEmpty(endSession["id_token_hint"]));
        Assert.Equal("https://localhost/staff/signed-out/oidc", endSession["post_logout_redirect_uri"]);
        await browser.Pages.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", browser.Pages.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_password_sign_in_still_works_beside_single_sign_on_and_its_sign_out_stays_local()
    {
        var browser = FormClient.For(_factory);
        await browser.GetAsync("/staff/sign-in");
        Assert.Contains(">Sign in with Test Organisation</button>", browser.Html);
        await browser.SubmitAsync("password-sign-in", ("email", "ann@allo.example"), ("password", StaffBrowser.Password));
        Assert.Contains("id=\"signed-in-as\"", browser.Html);
        await browser.SubmitAsync("sign-out");
        Assert.Equal("/staff/sign-in", browser.Location!.AbsolutePath);
        Assert.Empty(_server.EndSessions);
    }

    private static void AssertErrorLinksToTheButton(SsoBrowser page, string message)
    {
        var link = System.Text.RegularExpressions.Regex.Match(page.Html, "<a href=\"#sso\">([^<]+)</a>");
        Assert.True(link.Success, $"no error summary link to #sso on {page.Location}");
        Assert.Equal(message, WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Contains("id=\"sso\"", page.Html);
    }

    private async Task DeactivateAsync(string email)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var administration = scope.ServiceProvider.GetRequiredService<StaffAdministration>();
        var ann = await QueryAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == "ANN@ALLO.EXAMPLE"));
        var account = await QueryAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        Assert.IsType<StaffOutcome.Done>(await administration.DeactivateAsync(ann.Id, account.Id));
    }
}

public sealed class SqliteSingleSignOnTests() : SingleSignOnTests(DatabaseProvider.Sqlite);

public sealed class PostgresSingleSignOnTests() : SingleSignOnTests(DatabaseProvider.Postgres);
