using System.Net;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Staff;

/// <summary>What the sign-in page offers with single sign-on off (the default), and with it on but passwords off.</summary>
public sealed class SingleSignOnOptionTests
{
    private static async Task<AlloFactory> StartAsync(Dictionary<string, string>? settings = null)
    {
        var factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), settings);
        factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann", StaffBrowser.Password, StaffRoles.Manager);
        return factory;
    }

    [Fact]
    public async Task Without_oidc_settings_the_sign_in_page_has_no_single_sign_on_button_and_its_routes_are_404_while_passwords_sign_in()
    {
        var factory = await StartAsync();
        try
        {
            var browser = FormClient.For(factory);
            await browser.GetAsync("/staff/sign-in");
            Assert.DoesNotContain("id=\"sso\"", browser.Html);
            Assert.DoesNotContain("Sign in with", browser.Html);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync("/staff/sign-in/organisation")).StatusCode);
            await browser.SubmitAsync(("email", "ann@allo.example"), ("password", StaffBrowser.Password));
            Assert.Contains("id=\"signed-in-as\"", browser.Html);
        }
        finally
        {
            await factory.DisposeWithDatabaseAsync();
        }
    }

    [Fact]
    public async Task With_local_accounts_off_the_page_offers_only_the_organisation_and_a_posted_password_signs_nobody_in()
    {
        // No request reaches the provider here, so an address nothing listens on will do.
        var factory = await StartAsync(new()
        {
            ["Oidc:Authority"] = "http://127.0.0.1:9/",
            ["Oidc:ClientId"] = "allo",
            ["Oidc:ClientSecret"] = "secret",
            ["Oidc:ManagerRole"] = "m",
            ["Oidc:AgentRole"] = "a",
            ["Oidc:DisplayName"] = "FOD Financiën",
            ["Oidc:LocalAccounts"] = "false",
        });
        try
        {
            var browser = FormClient.For(factory, "nl-BE");
            await browser.GetAsync("/staff/sign-in");
            Assert.Contains(">Aanmelden met FOD Financiën</button>", browser.Html);
            Assert.DoesNotContain("name=\"password\"", browser.Html);

            var response = await browser.Http.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "ann@allo.example",
                ["password"] = StaffBrowser.Password,
                ["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(browser.Html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
            }));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<a href=\"#sso\">Wachtwoorden worden hier niet gebruikt: meld u aan met FOD Financiën</a>", html);
            Assert.DoesNotContain("id=\"signed-in-as\"", html);
        }
        finally
        {
            await factory.DisposeWithDatabaseAsync();
        }
    }
}
