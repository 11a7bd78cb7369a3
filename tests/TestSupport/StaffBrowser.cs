using System.Net;
using System.Text.RegularExpressions;
using Allo.Scheduler.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.TestSupport;

/// <summary>A staff member's browser, signed in through the real sign-in pages.</summary>
public static partial class StaffBrowser
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

    /// <summary>
    /// Signs in to an existing account through the sign-in form, then through the second factor as a
    /// person would: a code from the account's key when it has one, else enrolment with the key the
    /// page shows (managers must; see docs/decisions/0020).
    /// </summary>
    public static async Task<FormClient> SignInAsync(AlloFactory factory, string email, string password = Password, string acceptLanguage = "en-GB")
    {
        var browser = FormClient.For(factory, acceptLanguage);
        await browser.GetAsync("/staff/sign-in");
        await browser.SubmitAsync(("email", email), ("password", password));
        await SecondFactorAsync(factory, browser, email);
        if (!browser.Html.Contains("id=\"signed-in-as\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Could not sign in as {email}.");
        }
        return browser;
    }

    /// <summary>After the password: gives the code, or enrols, wherever the service sent the browser.</summary>
    public static async Task SecondFactorAsync(WebApplicationFactory<Program> factory, FormClient browser, string email)
    {
        switch (browser.Location?.AbsolutePath)
        {
            case "/staff/sign-in/code":
                await browser.SubmitAsync(("code", Totp.Code(await KeyAsync(factory, email))));
                break;
            case "/staff/second-factor":
                await EnrolAsync(browser);
                break;
        }
    }

    /// <summary>On the enrolment page: reads the key it shows, gives its code; returns the key and the recovery codes shown.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(FormClient browser)
    {
        var key = ShownKey(browser.Html);
        await browser.SubmitAsync(("code", Totp.Code(key)));
        if (browser.Location?.AbsolutePath != "/staff/second-factor/recovery-codes" || browser.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Enrolment did not take the code: {browser.Location}.");
        }
        var codes = RecoveryCodePattern().Matches(browser.Html).Select(m => m.Groups[1].Value).ToList();
        return (key, codes);
    }

    /// <summary>The key as the enrolment page writes it, for those who type it.</summary>
    public static string ShownKey(string html) =>
        KeyPattern().Match(html) is { Success: true } match ? match.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal)
            : throw new InvalidOperationException("The page shows no authenticator key.");

    /// <summary>The account's authenticator key, as the member's app holds it.</summary>
    public static async Task<string> KeyAsync(WebApplicationFactory<Program> factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException($"{email} has no authenticator key.");
    }

    [GeneratedRegex("id=\"authenticator-key\"[^>]*><code>([a-z2-7 ]+)</code>")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>")]
    private static partial Regex RecoveryCodePattern();
}
