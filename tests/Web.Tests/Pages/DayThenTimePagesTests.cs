using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Pages;

/// <summary>
/// "When" as two questions (docs/decisions/0025): a day with free times, then a time on it, on the
/// booking flow and on the manage link's move, driven with plain HTTP forms as without JavaScript.
/// </summary>
public sealed partial class DayThenTimePagesTests : IAsyncLifetime
{
    private static readonly Web.Localization.JsonStringLocalizer Strings = new();
    private static readonly HtmlParser Parser = new();
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static string Fr(string key, params object[] arguments) => string.Format(Strings.In(Domain.Language.Fr, key), arguments);

    private static readonly int[] OpenHours = [9, 10, 11, 13, 14, 15];

    private static void AssertErrorLinksTo(FormClient page, string field, string message)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var links = ErrorLink().Matches(page.Html).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Equal([(field, message)], links);
        Assert.Contains($"id=\"{field}\"", page.Html);
        Assert.StartsWith("Erreur", Regex.Match(page.Html, "<title>([^<]+)</title>").Groups[1].Value);
    }

    private static List<string> Values(FormClient page, string name) =>
        Parser.ParseDocument(page.Html).QuerySelectorAll($"main input[name={name}]").Select(i => i.GetAttribute("value")!).ToList();

    private static string BackLink(FormClient page) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, "href=\"([^\"]+)\" class=\"govuk-back-link\"").Groups[1].Value);

    private async Task<FormClient> AtTheDaysAsync()
    {
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
        return citizen;
    }

    private async Task<(string Reference, string Token)> BookThroughTheApiAsync(string slot, string phone)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = slot, phone, language = "fr" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("reference").GetString()!, body.GetProperty("manageToken").GetString()!);
    }

    private async Task CloseAsync(int year, int month, int day)
    {
        foreach (var hour in OpenHours)
        {
            await _factory.SetSeatsAsync(TestClock.Brussels(year, month, day, hour), 0);
        }
    }

    [Fact]
    public async Task The_day_page_offers_only_the_days_with_free_times_with_how_many_and_the_time_page_only_that_days_free_times()
    {
        await CloseAsync(2026, 12, 2);
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 3, 14), 1);
        await BookThroughTheApiAsync("2026-12-03T14:00:00+01:00", "0470 65 43 21");
        var citizen = await AtTheDaysAsync();

        // Tuesday (from 10:00, the minimum notice), Thursday, Friday and Monday; not the closed Wednesday, nor the weekend.
        Assert.Equal(["2026-12-01", "2026-12-03", "2026-12-04", "2026-12-07"], Values(citizen, "day"));
        Assert.Contains("jeudi 3 décembre 2026", citizen.Text);
        Assert.Contains(Fr("Day.FreeTimes", 23), citizen.Text);
        Assert.Contains(Fr("Day.FreeTimes", 24), citizen.Text);
        Assert.Contains(Fr("Day.Hint"), citizen.Text);
        Assert.Contains("href=\"/book/when?week=1\"", citizen.Html);
        Assert.DoesNotContain("name=\"slotStart\"", citizen.Html);

        await citizen.SubmitAsync(("day", "2026-12-03"));
        Assert.Equal("/book/time", citizen.Location!.AbsolutePath);
        Assert.Equal("?day=2026-12-03", citizen.Location.Query);
        Assert.Contains(Fr("Time.Title", "jeudi 3 décembre 2026"), citizen.Text);
        var times = Values(citizen, "slotStart");
        Assert.Equal(23, times.Count);
        Assert.Equal("2026-12-03T09:00:00+01:00", times[0]);
        Assert.DoesNotContain("2026-12-03T14:00:00+01:00", times);
        Assert.All(times, t => Assert.StartsWith("2026-12-03T", t));
        Assert.Equal("/book/when?week=0&day=2026-12-03", BackLink(citizen));
        Assert.Contains("id=\"other-day\" href=\"/book/when?week=0&amp;day=2026-12-03\"", citizen.Html);

        await citizen.GetAsync(BackLink(citizen));
        Assert.Matches("value=\"2026-12-03\" checked=\"checked\"", citizen.Html);
        // The closure is of the weekly plan's Wednesdays, so the next one has no free time either.
        await citizen.GetAsync("/book/when?week=1");
        Assert.Equal(["2026-12-08", "2026-12-10", "2026-12-11", "2026-12-14"], Values(citizen, "day"));
    }

    [Fact]
    public async Task No_day_no_time_and_a_day_without_free_times_are_each_a_linked_error_in_french_and_nothing_is_kept()
    {
        var citizen = await AtTheDaysAsync();
        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.Missing"));
        await citizen.Form().Forge("day", "2026-12-05").SubmitAsync();
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.NoFreeTimes", "samedi 5 décembre 2026"));
        await citizen.Form().Forge("day", "2027-06-01").SubmitAsync();
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.Missing"));

        await citizen.SubmitAsync(("day", "2026-12-02"));
        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Time.Missing"));
        Assert.Equal("/book/time", citizen.Location!.AbsolutePath);
        // A free time of another day is not one of those shown.
        await citizen.Form().Forge("slotStart", "2026-12-03T10:00:00+01:00").SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Slot.NotAnOpeningTime"));

        await citizen.GetAsync("/book/phone");
        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
    }

    [Fact]
    public async Task When_the_time_goes_between_showing_and_choosing_the_citizen_is_told_and_sees_the_days_times_left()
    {
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 10), 1);
        var citizen = await AtTheDaysAsync();
        await citizen.SubmitAsync(("day", "2026-12-02"));
        var form = citizen.Form().Set("slotStart", TestClock.Wednesday1000Slot);

        await BookThroughTheApiAsync(TestClock.Wednesday1000Slot, "0470 65 43 21");
        await form.SubmitAsync();

        Assert.Equal("/book/time", citizen.Location!.AbsolutePath);
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Slot.Taken"));
        var times = Values(citizen, "slotStart");
        Assert.DoesNotContain(TestClock.Wednesday1000Slot, times);
        Assert.Contains("2026-12-02T10:15:00+01:00", times);
        await citizen.SubmitAsync(("slotStart", "2026-12-02T10:15:00+01:00"));
        Assert.Equal("/book/phone", citizen.Location!.AbsolutePath);
    }

    [Fact]
    public async Task When_every_time_of_the_day_goes_meanwhile_the_citizen_is_sent_back_to_the_days_with_an_explanation()
    {
        var citizen = await AtTheDaysAsync();
        await citizen.SubmitAsync(("day", "2026-12-02"));
        var form = citizen.Form().Set("slotStart", TestClock.Wednesday1000Slot);

        await CloseAsync(2026, 12, 2);
        await form.SubmitAsync();

        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.NoFreeTimes", "mercredi 2 décembre 2026"));
        Assert.DoesNotContain("2026-12-02", Values(citizen, "day"));

        await citizen.GetAsync("/book/time?day=2026-12-02");
        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.NoFreeTimes", "mercredi 2 décembre 2026"));
    }

    [Fact]
    public async Task The_check_pages_change_link_for_the_time_asks_the_day_then_the_time_and_returns_to_check_with_the_other_answers()
    {
        var citizen = await AtTheDaysAsync();
        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", "0470 12 34 56"));
        await citizen.SubmitAsync(("name", "Marie"), ("email", ""));
        await citizen.SubmitAsync();
        Assert.Equal("/book/check", citizen.Location!.AbsolutePath);

        await citizen.GetAsync(WebUtility.HtmlDecode(Regex.Match(citizen.Html, "href=\"(/book/when[^\"]*)\"").Groups[1].Value));
        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
        Assert.Equal("/book/check", BackLink(citizen));
        Assert.Matches("value=\"2026-12-02\" checked=\"checked\"", citizen.Html);

        await citizen.SubmitAsync(("day", "2026-12-03"));
        Assert.Equal("/book/time", citizen.Location!.AbsolutePath);
        Assert.Contains("change=True", BackLink(citizen), StringComparison.OrdinalIgnoreCase);
        await citizen.SubmitAsync(("slotStart", "2026-12-03T14:00:00+01:00"));

        Assert.Equal("/book/check", citizen.Location!.AbsolutePath);
        Assert.Contains("jeudi 3 décembre 2026 à 14:00", citizen.Text);
        Assert.Contains("+32 470 12 34 56", citizen.Text);
        Assert.Contains("Marie", citizen.Text);
    }

    [Fact]
    public async Task Moving_through_the_private_link_asks_a_day_then_a_time_and_a_time_taken_meanwhile_shows_the_days_times_left()
    {
        var (reference, token) = await BookThroughTheApiAsync(TestClock.Wednesday1000Slot, "0470 12 34 56");
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync($"/manage/move?ref={reference}&token={Uri.EscapeDataString(token)}");
        Assert.Contains("id=\"current-time\"", citizen.Html);
        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.Missing"));

        await citizen.SubmitAsync(("day", "2026-12-03"));
        Assert.Equal("/manage/move/time", citizen.Location!.AbsolutePath);
        Assert.Contains("day=2026-12-03", citizen.Location.Query);
        Assert.Contains(Fr("Time.Title", "jeudi 3 décembre 2026"), citizen.Text);
        Assert.StartsWith("/manage/move?", BackLink(citizen));
        Assert.Contains("token=", BackLink(citizen));
        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Time.Missing"));

        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 3, 14), 1);
        var form = citizen.Form().Set("slotStart", "2026-12-03T14:00:00+01:00");
        await BookThroughTheApiAsync("2026-12-03T14:00:00+01:00", "0470 65 43 21");
        await form.SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Slot.Taken"));
        Assert.DoesNotContain("2026-12-03T14:00:00+01:00", Values(citizen, "slotStart"));
        Assert.Equal(TestClock.Wednesday1000, (await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Reference == reference))).SlotStart);

        await citizen.SubmitAsync(("slotStart", "2026-12-03T15:00:00+01:00"));
        Assert.Equal("/manage", citizen.Location!.AbsolutePath);
        Assert.Contains("id=\"done-message\"", citizen.Html);
        Assert.Contains("jeudi 3 décembre 2026 à 15:00", citizen.Text);
    }

    [Fact]
    public async Task Moving_to_a_day_whose_times_all_went_sends_the_citizen_back_to_the_days_with_an_explanation()
    {
        var (reference, token) = await BookThroughTheApiAsync(TestClock.Wednesday1000Slot, "0470 12 34 56");
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync($"/manage/move/time?ref={reference}&token={Uri.EscapeDataString(token)}&day=2026-12-04");
        var form = citizen.Form().Set("slotStart", "2026-12-04T10:00:00+01:00");
        await CloseAsync(2026, 12, 4);
        await form.SubmitAsync();

        Assert.Equal("/manage/move", citizen.Location!.AbsolutePath);
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.NoFreeTimes", "vendredi 4 décembre 2026"));
        Assert.DoesNotContain("2026-12-04", Values(citizen, "day"));
        Assert.Equal(TestClock.Wednesday1000, (await _factory.QueryAsync(db => db.Bookings.SingleAsync())).SlotStart);
    }

    [Theory]
    [InlineData("/book/needs")]
    [InlineData("/manage/contact")]
    public async Task The_other_language_and_helper_fields_are_gov_uk_conditional_reveals_that_stay_in_the_page_without_javascript(string page)
    {
        FormClient citizen;
        if (page == "/book/needs")
        {
            citizen = await AtTheDaysAsync();
            await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
            await citizen.SubmitAsync(("phone", "0470 12 34 56"));
            await citizen.SubmitAsync(("name", "Marie"), ("email", ""));
        }
        else
        {
            var (reference, token) = await BookThroughTheApiAsync(TestClock.Wednesday1000Slot, "0470 12 34 56");
            citizen = FormClient.For(_factory, "fr-BE");
            await citizen.GetAsync($"{page}?ref={reference}&token={Uri.EscapeDataString(token)}");
        }
        Assert.Equal(page, citizen.Location!.AbsolutePath);
        AssertConditional(citizen, "needs-OtherLanguage", ["otherLanguageName"], revealed: false);
        AssertConditional(citizen, "needs-Proxy", ["proxyName", "proxyPhone", "ProxyTakesCall"], revealed: false);

        await citizen.Form().Check("OtherLanguage").Check("Proxy").Set(("proxyName", "Ali"), ("proxyPhone", "nope")).SubmitAsync();
        Assert.Contains("govuk-error-summary", citizen.Html);
        AssertConditional(citizen, "needs-OtherLanguage", ["otherLanguageName"], revealed: true);
        AssertConditional(citizen, "needs-Proxy", ["proxyName", "proxyPhone", "ProxyTakesCall"], revealed: true);

        // The hidden state hides only where GOV.UK Frontend's script runs; without it every field shows.
        var css = await _factory.CreateClient().GetStringAsync("/css/app.css");
        Assert.Matches(@"\.govuk-frontend-supported \.govuk-checkboxes__conditional--hidden\{display:none", css);
    }

    private static void AssertConditional(FormClient page, string box, string[] fields, bool revealed)
    {
        var document = Parser.ParseDocument(page.Html);
        var input = document.GetElementById(box)!;
        var target = document.GetElementById($"conditional-{box}");
        Assert.Equal($"conditional-{box}", input.GetAttribute("data-aria-controls"));
        Assert.NotNull(target);
        Assert.True(target.ClassList.Contains("govuk-checkboxes__conditional"));
        Assert.Equal(!revealed, target.ClassList.Contains("govuk-checkboxes__conditional--hidden"));
        Assert.Equal(revealed, input.HasAttribute("checked"));
        Assert.All(fields, f => Assert.NotNull(target.QuerySelector($"[name={f}]")));
    }

    [GeneratedRegex("<li><a href=\"#([^\"]+)\">([^<]+)</a>")]
    private static partial Regex ErrorLink();
}
