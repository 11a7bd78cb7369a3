using Allo.TestSupport;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// Signing in on the sign-in page a test was sent to, through the second factor as a person would:
/// the code from the account's key, or enrolment with the key the page shows (managers must).
/// </summary>
public static class StaffSignIn
{
    public static async Task SignInAsync(IPage page, AlloFactory factory, string email, string password = StaffBrowser.Password)
    {
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.Locator("main button[type=submit]").ClickAsync();
        // The next page, whichever it is: the code step or enrolment (#code), or where the test was going.
        await Assertions.Expect(page.Locator("#code, #signed-in-as").First).ToBeVisibleAsync();
        var path = new Uri(page.Url).AbsolutePath;
        if (path == "/staff/sign-in/code")
        {
            await page.FillAsync("#code", Totp.Code(await StaffBrowser.KeyAsync(factory, email)));
            await page.Locator("#submit-code").ClickAsync();
        }
        else if (path == "/staff/second-factor")
        {
            await EnrolAsync(page);
            await page.Locator("#recovery-codes-continue").ClickAsync();
        }
        await Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>On the enrolment page: the key as shown, its code, and the recovery codes page.</summary>
    public static async Task EnrolAsync(IPage page)
    {
        var key = (await page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.FillAsync("#code", Totp.Code(key));
        await page.Locator("#enrol").ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes")).ToBeVisibleAsync();
    }
}
