using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.TestSupport;

/// <summary>A staff member's browser, signed in through the real sign-in page.</summary>
public static class StaffBrowser
{
    public const string Password = "Correct-Horse-42";

    public static FormClient Anonymous(AlloFactory factory, string acceptLanguage = "en-GB")
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return new FormClient(http);
    }

    /// <summary>Creates the account (if new) and signs in; returns the browser and the account's id.</summary>
    public static async Task<(FormClient Browser, string Id)> SignedInAsync(AlloFactory factory, string email, string role = StaffRoles.Agent, string acceptLanguage = "en-GB")
    {
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            id = (await StaffAccounts.CreateAsync(scope.ServiceProvider, email, email.Split('@')[0], Password, role)).Id;
        }
        var browser = Anonymous(factory, acceptLanguage);
        await browser.GetAsync("/staff/sign-in");
        await browser.PostAsync(("email", email), ("password", Password));
        if (!browser.Html.Contains("id=\"signed-in-as\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Could not sign in as {email}.");
        }
        return (browser, id);
    }
}
