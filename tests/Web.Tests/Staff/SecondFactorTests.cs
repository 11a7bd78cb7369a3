using System.Net;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Staff;

/// <summary>
/// The second factor over HTTP with Identity's real authenticator token provider: every code comes
/// from the key the page shows (or the account holds), computed as an app would (TestSupport/Totp.cs).
/// </summary>
public sealed class SecondFactorTests : IAsyncLifetime
{
    private const string Password = StaffBrowser.Password;
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = await StartAsync(DatabaseProvider.Sqlite);
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static async Task<AlloFactory> StartAsync(DatabaseProvider provider, Dictionary<string, string>? settings = null)
    {
        var factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800), settings);
        factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann", Password, StaffRoles.Manager);
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "bert@allo.example", "Bert", Password, StaffRoles.Agent);
        return factory;
    }

    private static async Task<FormClient> PasswordOnlyAsync(AlloFactory factory, string email, string language = "nl-BE")
    {
        var browser = FormClient.For(factory, language);
        await browser.GetAsync("/staff/sign-in");
        await browser.SubmitAsync(("email", email), ("password", Password));
        return browser;
    }

    private static string Other(string code) => ((int.Parse(code) + 500_000) % 1_000_000).ToString("D6");

    [Fact]
    public async Task A_manager_is_sent_to_enrolment_after_the_password_which_is_no_store_and_every_other_page_leads_back_there()
    {
        var browser = await PasswordOnlyAsync(_factory, "ann@allo.example");
        Assert.Equal("/staff/second-factor", browser.Location!.AbsolutePath);
        Assert.Contains("Stel uw tweede factor in", browser.Text);
        Assert.Contains("src=\"data:image/png;base64,", browser.Html);
        Assert.Matches("^[a-z2-7]{32}$", StaffBrowser.ShownKey(browser.Html));
        Assert.True((await browser.Http.GetAsync("/staff/second-factor")).Headers.CacheControl?.NoStore);

        foreach (var path in new[] { "/manager/staff", "/agent", "/hangfire", "/" })
        {
            await browser.GetAsync(path);
            Assert.Equal("/staff/second-factor", browser.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Enrolment_takes_a_code_from_the_shown_key_refuses_a_wrong_one_and_then_sign_in_asks_for_the_code()
    {
        var browser = await PasswordOnlyAsync(_factory, "ann@allo.example");
        var key = StaffBrowser.ShownKey(browser.Html);
        await browser.SubmitAsync(("code", Other(Totp.Code(key))));
        Assert.Contains("<a href=\"#code\">De code klopt niet.", browser.Html);
        Assert.Equal(key, StaffBrowser.ShownKey(browser.Html));

        var (_, recoveryCodes) = await StaffBrowser.EnrolAsync(browser);
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Contains("Dit is de enige keer dat deze codes getoond worden", browser.Text);
        await browser.GetAsync("/manager/staff");
        Assert.Equal("/manager/staff", browser.Location!.AbsolutePath);
        await browser.GetAsync("/staff/second-factor/recovery-codes");
        Assert.DoesNotContain(recoveryCodes[0], browser.Html);

        var again = await PasswordOnlyAsync(_factory, "ann@allo.example");
        Assert.Equal("/staff/sign-in/code", again.Location!.AbsolutePath);
        await again.GetAsync("/manager/staff");
        Assert.Equal("/staff/sign-in", again.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Sign_in_with_the_right_code_reaches_the_manager_pages_and_a_wrong_code_gets_the_error_summary()
    {
        await StaffBrowser.SignInAsync(_factory, "ann@allo.example");
        var browser = await PasswordOnlyAsync(_factory, "ann@allo.example");
        var key = await StaffBrowser.KeyAsync(_factory, "ann@allo.example");

        await browser.SubmitAsync(("code", Other(Totp.Code(key))));
        Assert.Equal("/staff/sign-in/code", browser.Location!.AbsolutePath);
        Assert.Contains("<a href=\"#code\">De code klopt niet of werd al gebruikt.", browser.Html);
        Assert.DoesNotContain("id=\"signed-in-as\"", browser.Html);
        await browser.SubmitAsync(("code", ""));
        Assert.Contains("<a href=\"#code\">Vul de code uit uw authenticator-app of een herstelcode in</a>", browser.Html);

        await browser.SubmitAsync(("code", Totp.Code(key)));
        Assert.Contains("id=\"signed-in-as\"", browser.Html);
        await browser.GetAsync("/manager/staff");
        Assert.Equal("/manager/staff", browser.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, browser.Status);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_even_against_the_right_code()
    {
        await StaffBrowser.SignInAsync(_factory, "ann@allo.example");
        var key = await StaffBrowser.KeyAsync(_factory, "ann@allo.example");
        var browser = await PasswordOnlyAsync(_factory, "ann@allo.example");
        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync(("code", Other(Totp.Code(key))));
        }
        await browser.SubmitAsync(("code", Totp.Code(key)));
        Assert.Contains("15 minuten geblokkeerd", browser.Text);
        Assert.DoesNotContain("id=\"signed-in-as\"", browser.Html);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_its_use_is_recorded_and_the_second_use_is_refused()
    {
        var enrolling = await PasswordOnlyAsync(_factory, "ann@allo.example");
        var (_, codes) = await StaffBrowser.EnrolAsync(enrolling);

        var browser = await PasswordOnlyAsync(_factory, "ann@allo.example");
        await browser.SubmitAsync(("code", codes[3].Replace("-", "").ToLowerInvariant()));
        Assert.Contains("id=\"signed-in-as\"", browser.Html);
        await browser.GetAsync("/manager/staff");
        Assert.Equal("/manager/staff", browser.Location!.AbsolutePath);
        Assert.Contains("Ann meldde zich aan met een herstelcode", browser.Text);

        var again = await PasswordOnlyAsync(_factory, "ann@allo.example");
        await again.SubmitAsync(("code", codes[3]));
        Assert.Equal("/staff/sign-in/code", again.Location!.AbsolutePath);
        Assert.Contains("De code klopt niet of werd al gebruikt", again.Text);
        var used = await _factory.QueryAsync(db => db.StaffChanges.CountAsync(c => c.Kind == StaffChangeKind.RecoveryCodeUsed));
        Assert.Equal(1, used);
    }

    [Fact]
    public async Task An_agent_is_not_asked_for_a_second_factor_by_default()
    {
        var browser = await PasswordOnlyAsync(_factory, "bert@allo.example");
        Assert.Contains("id=\"signed-in-as\"", browser.Html);
        await browser.GetAsync("/agent");
        Assert.Equal("/agent", browser.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, browser.Status);
    }

    [Fact]
    public async Task With_Staff_SecondFactorForAgents_an_agent_is_sent_to_enrolment_and_then_asked_for_the_code()
    {
        var factory = await StartAsync(DatabaseProvider.Sqlite, new() { ["Staff:SecondFactorForAgents"] = "true" });
        try
        {
            var browser = await PasswordOnlyAsync(factory, "bert@allo.example");
            Assert.Equal("/staff/second-factor", browser.Location!.AbsolutePath);
            await browser.GetAsync("/agent");
            Assert.Equal("/staff/second-factor", browser.Location!.AbsolutePath);
            await StaffBrowser.EnrolAsync(browser);
            await browser.GetAsync("/agent");
            Assert.Equal("/agent", browser.Location!.AbsolutePath);
            Assert.Equal("/staff/sign-in/code", (await PasswordOnlyAsync(factory, "bert@allo.example")).Location!.AbsolutePath);
        }
        finally
        {
            await factory.DisposeWithDatabaseAsync();
        }
    }

    [Fact]
    public async Task A_manager_resets_a_members_second_factor_on_postgres_the_member_is_signed_out_and_must_enrol_again_and_it_is_recorded()
    {
        var factory = await StartAsync(DatabaseProvider.Postgres);
        try
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                await StaffAccounts.CreateAsync(scope.ServiceProvider, "carl@allo.example", "Carl", Password, StaffRoles.Manager);
            }
            var ann = await StaffBrowser.SignInAsync(factory, "ann@allo.example", acceptLanguage: "nl-BE");
            var carl = await StaffBrowser.SignInAsync(factory, "carl@allo.example");
            var carlId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "carl@allo.example").Select(u => u.Id).SingleAsync());

            await ann.GetAsync($"/manager/staff/account/{carlId}");
            Assert.Contains("data-enrolled=\"True\"", ann.Html);
            await ann.SubmitAsync("reset-second-factor");
            Assert.Equal("/manager/staff", ann.Location!.AbsolutePath);
            Assert.Contains("De tweede factor van Carl is teruggezet", ann.Text);
            Assert.Contains("Ann zette de tweede factor van Carl terug", ann.Text);

            await carl.GetAsync("/manager/staff");
            Assert.Equal("/staff/sign-in", carl.Location!.AbsolutePath);
            var again = await PasswordOnlyAsync(factory, "carl@allo.example");
            Assert.Equal("/staff/second-factor", again.Location!.AbsolutePath);
            await ann.GetAsync($"/manager/staff/account/{carlId}");
            Assert.Contains("data-enrolled=\"False\"", ann.Html);
            Assert.Equal(1, await factory.QueryAsync(db => db.StaffChanges.CountAsync(c => c.Kind == StaffChangeKind.SecondFactorReset && c.AccountId == carlId)));
        }
        finally
        {
            await factory.DisposeWithDatabaseAsync();
        }
    }
}
