using AngleSharp.Html.Parser;
using Allo.TestSupport;

namespace Allo.Web.Tests.Pages;

/// <summary>The link of an end-of-day offer (Calls:EndOfDay Offer): the time page with the offered time chosen.</summary>
public sealed partial class DayThenTimePagesTests
{
    private static List<string> Checked(FormClient page) =>
        new HtmlParser().ParseDocument(page.Html).QuerySelectorAll("main input[name=slotStart][checked]").Select(i => i.GetAttribute("value")!).ToList();

    [Fact]
    public async Task The_offer_link_opens_the_offered_day_with_its_time_chosen_and_a_time_no_longer_free_chooses_nothing()
    {
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync("/book/time?day=2026-12-02&at=1000&lang=fr");
        Assert.Equal([TestClock.Wednesday1000Slot], Checked(citizen));
        await citizen.SubmitAsync();
        Assert.Equal("/book/phone", citizen.Location!.AbsolutePath);

        foreach (var i in Enumerable.Range(1, 4))
        {
            await BookThroughTheApiAsync("2026-12-02T11:00:00+01:00", $"0470 55 00 0{i}");
        }
        var late = FormClient.For(_factory, "fr-BE");
        await late.GetAsync("/book/time?day=2026-12-02&at=1100&lang=fr");
        Assert.Empty(Checked(late));
        await late.GetAsync("/book/time?day=2026-12-02&at=soon&lang=fr");
        Assert.Empty(Checked(late));
    }
}
