using Allo.Scheduler.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.TestSupport;

/// <summary>A staff member's browser, signed in through the real sign-in page.</summary>
public static class StaffBrowser
{
    public const string Password = "Correct-Horse-42";

    /// <summary>Creates the account and signs in; returns the browser and the account's id.</summary>
    /// <remarks>The account speaks every language and has every skill unless told otherwise, so the queue routes every call to it.</remarks>
    public static async Task<(FormClient Browser, string Id)> SignedInAsync(AlloFactory factory, string email, string role = StaffRoles.Agent, string acceptLanguage = "en-GB",
        string languages = TestAgents.AllLanguages, StaffSkills skills = TestAgents.AllSkills)
    {
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            id = (await StaffAccounts.CreateAsync(scope.ServiceProvider, email, email.Split('@')[0], Password, role, languages, skills)).Id;
        }
        return (await SignInAsync(factory, email, acceptLanguage: acceptLanguage), id);
    }

    /// <summary>Signs in to an existing account through the sign-in form.</summary>
    public static async Task<FormClient> SignInAsync(AlloFactory factory, string email, string password = Password, string acceptLanguage = "en-GB")
    {
        var browser = FormClient.For(factory, acceptLanguage);
        await browser.GetAsync("/staff/sign-in");
        await browser.SubmitAsync(("email", email), ("password", password));
        if (!browser.Html.Contains("id=\"signed-in-as\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Could not sign in as {email}.");
        }
        return browser;
    }
}
