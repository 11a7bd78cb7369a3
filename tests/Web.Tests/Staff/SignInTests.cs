using System.Net;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Staff;

public sealed class SignInTests : IAsyncLifetime
{
    private const string Password = StaffBrowser.Password;
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
        await using var scope = _factory.Services.CreateAsyncScope();
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann", Password, StaffRoles.Manager);
        await StaffAccounts.CreateAsync(scope.ServiceProvider, "bert@allo.example", "Bert", Password, StaffRoles.Agent);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
    }

    private FormClient NewBrowser() => FormClient.For(_factory, "nl-BE");

    private Task<FormClient> SignedInAsync(string email) => StaffBrowser.SignInAsync(_factory, email, acceptLanguage: "nl-BE");

    [Fact]
    public async Task A_manager_signs_in_and_reaches_the_jobs_dashboard_then_signs_out_and_gets_401_there()
    {
        var browser = await SignedInAsync("ann@allo.example");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/hangfire")).StatusCode);
        await browser.SubmitAsync("sign-out");
        Assert.EndsWith("/staff/sign-in", browser.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_agent_gets_403_forbidden_from_the_jobs_dashboard()
    {
        // Signed in but not a manager: forbidden (403), not asked to sign in (401).
        var browser = await SignedInAsync("bert@allo.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Empty_fields_and_a_wrong_password_get_a_linked_error_summary_that_reveals_no_accounts()
    {
        var browser = NewBrowser();
        await browser.GetAsync("/staff/sign-in");
        await browser.SubmitAsync(("email", ""), ("password", ""));
        Assert.Contains("<a href=\"#email\">Vul uw e-mailadres in</a>", browser.Html);
        Assert.Contains("<a href=\"#password\">Vul uw wachtwoord in</a>", browser.Html);

        await browser.SubmitAsync(("email", "ann@allo.example"), ("password", "wrong"));
        var wrongPassword = browser.Text;
        await browser.SubmitAsync(("email", "nobody@allo.example"), ("password", "wrong"));
        Assert.Contains("Het e-mailadres of het wachtwoord klopt niet", browser.Text);
        Assert.Contains("Het e-mailadres of het wachtwoord klopt niet", wrongPassword);
        Assert.DoesNotContain("id=\"signed-in-as\"", browser.Html);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var browser = NewBrowser();
        await browser.GetAsync("/staff/sign-in");
        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync(("email", "bert@allo.example"), ("password", "wrong-" + i));
        }
        await browser.SubmitAsync(("email", "bert@allo.example"), ("password", Password));
        Assert.Contains("15 minuten geblokkeerd", browser.Text);
        Assert.DoesNotContain("id=\"signed-in-as\"", browser.Html);
    }

    [Fact]
    public async Task Five_wrong_passwords_then_the_right_one_give_the_same_pages_for_a_real_email_as_for_an_unknown_one()
    {
        async Task<List<string>> PagesAfterFiveWrongThenRightAsync(string email)
        {
            var browser = NewBrowser();
            await browser.GetAsync("/staff/sign-in");
            var pages = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                await browser.SubmitAsync(("email", email), ("password", "wrong-" + i));
                pages.Add(browser.Text);
            }
            await browser.SubmitAsync(("email", email), ("password", Password));
            pages.Add(browser.Text);
            Assert.DoesNotContain("id=\"signed-in-as\"", browser.Html);
            return pages;
        }

        var real = await PagesAfterFiveWrongThenRightAsync("bert@allo.example");
        var unknown = await PagesAfterFiveWrongThenRightAsync("nobody@allo.example");
        Assert.Equal(unknown, real);
        Assert.Contains("15 minuten geblokkeerd", real[^1]);
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("bert@allo.example"))!));
    }

    [Fact]
    public async Task A_weak_password_is_refused_when_creating_an_account()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StaffAccounts.CreateAsync(scope.ServiceProvider, "weak@allo.example", "Weak", "short", StaffRoles.Manager));
        Assert.Contains("12", e.Message);
    }
}
