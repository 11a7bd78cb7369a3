using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Pages;

/// <summary>Far dates, control characters and unreadable posts on the citizen's pages: a linked error summary in French, or the friendly page; never a 500.</summary>
public abstract partial class HostileCitizenInputTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Web.Localization.JsonStringLocalizer Strings = new();
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static string Fr(string key) => Strings.In(Domain.Language.Fr, key);

    private static void AssertErrorLinksTo(FormClient page, string field, string message)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var link = ErrorLink().Match(page.Html);
        Assert.True(link.Success && link.Groups[1].Value == field, $"no error summary link to #{field}: {page.Text[..Math.Min(600, page.Text.Length)]}");
        Assert.Equal(message, WebUtility.HtmlDecode(link.Groups[2].Value));
        Assert.Contains($"id=\"{field}\"", page.Html);
        Assert.Contains("<html lang=\"fr\"", page.Html);
    }

    /// <summary>A French-speaking citizen on the step <paramref name="step"/>, every earlier answer given.</summary>
    private async Task<FormClient> AtStepAsync(string step)
    {
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        foreach (var (page, fields) in new (string, (string, string)[])[]
        {
            ("/book/when", [("day", TimeChoice.DayOf(TestClock.Wednesday1000Slot))]), ("/book/time", [("slotStart", TestClock.Wednesday1000Slot)]), ("/book/phone", [("phone", "0470 12 34 56")]), ("/book/details", [("name", "Marie")]),
        })
        {
            if (citizen.Location!.AbsolutePath == step)
            {
                break;
            }
            await citizen.SubmitAsync(fields);
        }
        Assert.Equal(step, citizen.Location!.AbsolutePath);
        return citizen;
    }

    [Theory]
    [InlineData("9999-12-31T10:00:00+01:00", "Error.Slot.BeyondHorizon")]
    [InlineData("9999-12-31T23:00:00-05:00", "Error.Time.Missing")]
    [InlineData("-9998-01-01T00:00:00+14:00", "Error.Time.Missing")]
    [InlineData("-9998-01-01T10:00:00+01:00", "Error.Slot.InThePast")]
    public async Task A_time_at_the_ends_of_the_calendar_on_the_time_step_is_a_linked_error_in_french(string slot, string key)
    {
        var citizen = await AtStepAsync("/book/time");
        await citizen.Form().Forge("slotStart", slot).SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", Fr(key));
        Assert.Equal("/book/time", citizen.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("-9998-01-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-12-0\u0001")]
    [InlineData("2026-12-02T10:00:00+01:00")]
    public async Task A_day_at_the_ends_of_the_calendar_or_not_a_day_on_the_day_step_is_a_linked_error_in_french(string day)
    {
        var citizen = await AtStepAsync("/book/when");
        await citizen.Form().Forge("day", day).SubmitAsync();
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.Missing"));
        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("name", "Ma\u0001rie")]
    [InlineData("name", "Ma\u001b[2Jrie")]
    [InlineData("name", "Marie\uFFFE")]
    [InlineData("email", "marie\u0007@example.be")]
    public async Task A_control_character_or_noncharacter_in_name_or_email_is_a_linked_error_in_french(string field, string value)
    {
        var citizen = await AtStepAsync("/book/details");
        await citizen.SubmitAsync((field, value));
        AssertErrorLinksTo(citizen, field, Fr("Error.Text.Unusable"));
        Assert.Equal("/book/details", citizen.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("OtherLanguage", "otherLanguageName", "Tigri\u0008nya")]
    [InlineData("Proxy", "proxyName", "Jan\u009bPeeters")]
    public async Task A_control_character_in_the_other_language_or_the_helpers_name_is_a_linked_error_in_french(string box, string field, string value)
    {
        var citizen = await AtStepAsync("/book/needs");
        await citizen.SubmitAsync((box, "true"), (field, value), ("proxyPhone", "0470 99 88 77"));
        AssertErrorLinksTo(citizen, field, Fr("Error.Text.Unusable"));
    }

    [Fact]
    public async Task A_nul_in_a_form_is_refused_before_any_page_reads_it_with_the_friendly_page_in_french()
    {
        // ASP.NET Core's form reader itself refuses NUL in a form value, so the page never sees the field.
        var citizen = await AtStepAsync("/book/details");
        await citizen.SubmitAsync(("name", "Ma\0rie"));
        Assert.Equal(HttpStatusCode.BadRequest, citizen.Status);
        Assert.Contains(Fr("Error.BadRequest.Title"), WebUtility.HtmlDecode(citizen.Html));
        Assert.Contains("<html lang=\"fr\"", citizen.Html);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("multipart/form-data; boundary=", HttpStatusCode.BadRequest)]
    public async Task A_post_whose_form_cannot_be_read_gets_the_friendly_page_not_a_500(string contentType, HttpStatusCode expected)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-BE");
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("Language=fr"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await client.PostAsync("/", content);
        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(Fr("Error.BadRequest.Title"), WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("Language=fr&x%5B%1B%5B31m=1")]
    [InlineData("Language=fr&a%5Bb%5D=1")]
    public async Task A_post_with_a_bracketed_field_name_no_form_has_gets_the_friendly_400_page_not_a_500(string body)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-BE");
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        var response = await client.PostAsync("/", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Fr("Error.BadRequest.Title"), WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/book/when?week=99999999999999&taken=maybe")]
    [InlineData("/book/when?week=-5&change=%00")]
    [InlineData("/book/when?week=abc&day=9999-12-31&full=2026-13-01")]
    [InlineData("/book/time?day=abc&taken=true")]
    [InlineData("/book/time?day=-9998-01-01")]
    [InlineData("/book/time")]
    public async Task The_day_and_time_pickers_own_link_values_edited_by_hand_show_the_day_page_without_an_error(string url)
    {
        var citizen = await AtStepAsync("/book/when");
        await citizen.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, citizen.Status);
        Assert.Equal("/book/when", citizen.Location!.AbsolutePath);
        Assert.DoesNotContain("govuk-error-summary", citizen.Html);
        Assert.Contains("name=\"day\"", citizen.Html);
    }

    [Fact]
    public async Task Changing_how_we_contact_you_with_a_control_character_in_the_helpers_name_changes_nothing()
    {
        var booked = await (await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "fr" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync($"/manage/contact?ref={booked.GetProperty("reference").GetString()}&token={Uri.EscapeDataString(booked.GetProperty("manageToken").GetString()!)}");
        await citizen.Form().Check("Proxy").Set(("proxyName", "Jan\u0001"), ("proxyPhone", "0470 99 88 77")).SubmitAsync();
        AssertErrorLinksTo(citizen, "proxyName", Fr("Error.Text.Unusable"));
        Assert.Null((await _factory.QueryAsync(db => db.Bookings.SingleAsync())).Needs.Proxy);
    }

    [GeneratedRegex("govuk-error-summary__list\">\\s*<li><a href=\"#([^\"]+)\">([^<]+)</a>")]
    private static partial Regex ErrorLink();
}

public sealed class SqliteHostileCitizenInputTests() : HostileCitizenInputTests(DatabaseProvider.Sqlite);

public sealed class PostgresHostileCitizenInputTests() : HostileCitizenInputTests(DatabaseProvider.Postgres);
