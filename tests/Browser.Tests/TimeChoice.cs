using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Allo.Browser.Tests;

/// <summary>
/// "When" is two pages, a day then a time on it (docs/decisions/0025), on the booking flow and on the
/// manage link's move; these answer them as a person does, with or without JavaScript.
/// </summary>
public static partial class TimeChoice
{
    /// <summary>On the day page: the slot's day, continue, the slot on the time page, continue.</summary>
    public static async Task ChooseTimeAsync(IPage page, string slotStart)
    {
        await page.Locator($"input[name=day][value='{slotStart[..10]}']").CheckAsync();
        await page.Locator("main button[type=submit]").ClickAsync();
        await ChooseOnTheTimePageAsync(page, $"input[name=slotStart][value='{slotStart}']");
    }

    /// <summary>On the day page: the week's last day and its last time (other tests book earlier ones).</summary>
    public static async Task ChooseTheLastTimeAsync(IPage page, Func<Task>? onTheTimePage = null)
    {
        await page.Locator("input[name=day]").Last.CheckAsync();
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(TimePage());
        if (onTheTimePage is not null)
        {
            await onTheTimePage();
        }
        await ChooseOnTheTimePageAsync(page, "input[name=slotStart] >> nth=-1");
    }

    private static async Task ChooseOnTheTimePageAsync(IPage page, string radio)
    {
        await Assertions.Expect(page).ToHaveURLAsync(TimePage());
        await page.Locator(radio).CheckAsync();
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(TimePage());
    }

    [GeneratedRegex(@"/(book|manage/move)/time\?")]
    public static partial Regex TimePage();
}
