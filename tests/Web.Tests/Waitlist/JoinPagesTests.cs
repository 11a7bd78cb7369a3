using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Options;
using Allo.Scheduler.Waitlist;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Waitlist;

/// <summary>Joining the waitlist from the booking pages and leaving it by its private link, with plain HTTP forms (no JavaScript).</summary>
public sealed class JoinPagesTests : IAsyncLifetime
{
    private static readonly Instant Wednesday1015 = TestClock.Brussels(2026, 12, 2, 10, 15);
    private static readonly Web.Localization.JsonStringLocalizer Strings = new();
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static string Fr(string key) => Strings.In(Language.Fr, key);

    /// <summary>A French-speaking citizen on the day page who follows "none of these times suit me".</summary>
    private async Task<FormClient> AtWishAsync()
    {
        var citizen = FormClient.For(_factory, "fr-BE,fr;q=0.9");
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        Assert.EndsWith("/book/when", citizen.Location!.AbsolutePath);
        var link = Regex.Match(citizen.Html, "id=\"join-waitlist\" href=\"([^\"]+)\"");
        Assert.True(link.Success, "the day page has no link to the waitlist");
        await citizen.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.EndsWith("/waitlist/join", citizen.Location!.AbsolutePath);
        return citizen;
    }

    private async Task<FormClient> JoinThroughThePagesAsync(string phone = "0470 11 22 33", string email = "lea@example.be")
    {
        var citizen = await AtWishAsync();
        await citizen.Form().Set(("firstDay", "2026-12-02"), ("lastDay", "2026-12-04")).Check("parts", "Morning").SubmitAsync();
        Assert.EndsWith("/book/phone", citizen.Location!.AbsolutePath);
        await citizen.SubmitAsync(("phone", phone));
        await citizen.SubmitAsync(("name", "Léa Martin"), ("email", email));
        await citizen.SubmitAsync(("MoreTime", "true"));
        Assert.EndsWith("/waitlist/check", citizen.Location!.AbsolutePath);
        Assert.Contains("Du mercredi 2 décembre 2026 au vendredi 4 décembre 2026", citizen.Text);
        Assert.Contains(Fr("Waitlist.Part.Morning"), citizen.Text);
        Assert.Contains("id=\"contact-plan\"", citizen.Html);
        await citizen.SubmitAsync();
        return citizen;
    }

    [Fact]
    public async Task Joining_from_the_day_page_keeps_the_wish_and_the_answers_with_their_plan_and_shows_the_private_link_once()
    {
        var citizen = await JoinThroughThePagesAsync();

        Assert.EndsWith("/waitlist/joined", citizen.Location!.AbsolutePath);
        Assert.Contains(Fr("Waitlist.Joined.Title"), citizen.Text);
        Assert.Contains("30 minutes", citizen.Text);
        var entry = await _factory.QueryAsync(db => db.WaitlistEntries.SingleAsync());
        Assert.Equal((new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 4), DayParts.Morning), (entry.FirstDay, entry.LastDay, entry.Parts));
        Assert.Equal(("+32470112233", "Léa Martin", "lea@example.be", Language.Fr, FrontEnd.Web, WaitlistStatus.Waiting),
            (entry.PhoneE164, entry.Name, entry.Email, entry.Language, entry.FrontEnd, entry.Status));
        Assert.True(entry.Needs.MoreTime);
        Assert.Equal(Channel.Sms, entry.Plan.Confirmation.Value[0].Channel);
        var link = Regex.Match(citizen.Html, "id=\"manage-link\" href=\"http://localhost:5080(/waitlist/[0-9a-f-]{36}\\?token=[A-Za-z0-9_-]{43})\"");
        Assert.True(link.Success, "no private link on the confirmation");
        Assert.Contains(entry.Id.ToString(), link.Groups[1].Value);
        // Shown once: the draft is gone, so the check page is the start of the flow again.
        await citizen.GetAsync("/waitlist/check");
        Assert.EndsWith("/book/when", citizen.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_number_already_in_line_gets_the_already_waiting_page_and_no_second_entry()
    {
        await JoinThroughThePagesAsync();

        var again = await JoinThroughThePagesAsync(email: "");

        Assert.EndsWith("/waitlist/already-waiting", again.Location!.AbsolutePath);
        Assert.Contains(Fr("Waitlist.Already.Title"), again.Text);
        Assert.Equal(1, await _factory.QueryAsync(db => db.WaitlistEntries.CountAsync()));
    }

    [Fact]
    public async Task An_unusable_wish_shows_a_linked_error_summary_in_french_and_goes_no_further()
    {
        var citizen = await AtWishAsync();

        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "firstDay", Fr("Error.Waitlist.FirstDay"));
        AssertErrorLinksTo(citizen, "lastDay", Fr("Error.Waitlist.LastDay"));
        AssertErrorLinksTo(citizen, "parts", Fr("Error.Waitlist.NoPartOfDay"));

        await citizen.Form().Set(("firstDay", "2026-12-04"), ("lastDay", "2026-12-02")).Check("parts", "Afternoon").SubmitAsync();
        AssertErrorLinksTo(citizen, "lastDay", Fr("Error.Waitlist.DaysReversed"));
        Assert.Contains("value=\"2026-12-04\" selected=\"selected\"", citizen.Html);

        // A day the list does not offer (past the horizon, a Sunday, not a date) is no day.
        foreach (var forged in new[] { "2027-06-01", "2026-12-06", "2026-13-01", new string('9', 5000) })
        {
            await citizen.Form().Forge("firstDay", forged).Set("lastDay", "2026-12-04").Check("parts", "Morning").SubmitAsync();
            Assert.Equal(HttpStatusCode.OK, citizen.Status);
            AssertErrorLinksTo(citizen, "firstDay", Fr("Error.Waitlist.FirstDay"));
        }
        Assert.EndsWith("/waitlist/join", citizen.Location!.AbsolutePath);
        Assert.Equal(0, await _factory.QueryAsync(db => db.WaitlistEntries.CountAsync()));
    }

    [Fact]
    public async Task Choosing_a_time_after_the_waitlist_detour_books_through_the_booking_check_page()
    {
        var citizen = await AtWishAsync();
        await citizen.Form().Set(("firstDay", "2026-12-02"), ("lastDay", "2026-12-02")).Check("parts", "Morning").SubmitAsync();
        await citizen.GetAsync("/book/when");

        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", "0470 11 22 33"));
        await citizen.SubmitAsync(("name", ""), ("email", ""));
        await citizen.SubmitAsync();

        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Leaving_by_the_link_while_a_time_is_held_lapses_the_offer_and_gives_its_seat_back()
    {
        // Wednesday morning has one seat at 10:15 only.
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 9), 0);
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 11), 0);
        await _factory.SetSeatsAsync(TestClock.Wednesday1000, 1);
        foreach (var (slot, phone) in new[] { ("10:00", "0470 80 00 00"), ("10:30", "0470 80 00 30"), ("10:45", "0470 80 00 45") })
        {
            var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = $"2026-12-02T{slot}:00+01:00", phone, language = "nl" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var citizen = FormClient.For(_factory, "fr-BE");
        await citizen.GetAsync("/waitlist/join");
        await citizen.Form().Set(("firstDay", "2026-12-02"), ("lastDay", "2026-12-02")).Check("parts", "Morning").SubmitAsync();
        await citizen.SubmitAsync(("phone", "0470 11 22 33"));
        await citizen.SubmitAsync(("name", ""), ("email", ""));
        await citizen.SubmitAsync();
        await citizen.SubmitAsync();
        var manage = new Uri(Regex.Match(citizen.Html, "id=\"manage-link\" href=\"([^\"]+)\"").Groups[1].Value).PathAndQuery;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<WaitlistService>().SweepAsync());
        }
        var held = await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Status == BookingStatus.Offered));
        Assert.Equal(Wednesday1015, held.SlotStart);

        await citizen.GetAsync(manage);
        Assert.Contains(Fr("Waitlist.Status.Offered"), citizen.Text);
        Assert.Contains("mercredi 2 décembre 2026 à 10:15", citizen.Text);
        Assert.Contains("OUI", citizen.Text);
        var leave = WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"leave-link\" href=\"([^\"]+)\"").Groups[1].Value);
        await citizen.GetAsync(leave);
        await citizen.SubmitAsync();

        Assert.EndsWith("/waitlist/left", citizen.Location!.AbsolutePath);
        Assert.Equal(BookingStatus.OfferLapsed, (await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Id == held.Id))).Status);
        Assert.Equal(0, await _factory.QueryAsync(db => db.SeatClaims.CountAsync(c => c.BookingId == held.Id)));
        Assert.Equal(WaitlistStatus.Left, (await _factory.QueryAsync(db => db.WaitlistEntries.SingleAsync())).Status);
        await citizen.GetAsync(manage);
        Assert.Contains(Fr("Waitlist.Manage.NotInLine"), citizen.Text);
        Assert.DoesNotContain("id=\"leave-link\"", citizen.Html);
    }

    [Fact]
    public async Task A_wrong_token_or_an_unknown_entry_is_not_found_on_the_private_pages_and_leaves_nobody()
    {
        var citizen = await JoinThroughThePagesAsync();
        var manage = new Uri(Regex.Match(citizen.Html, "id=\"manage-link\" href=\"([^\"]+)\"").Groups[1].Value).PathAndQuery;
        var id = Regex.Match(manage, "/waitlist/([0-9a-f-]{36})").Groups[1].Value;
        var client = _factory.CreateClient();

        foreach (var wrong in new[] { $"/waitlist/{id}?token=" + new string('A', 43), $"/waitlist/{id}", $"/waitlist/{Guid.NewGuid()}" + manage[manage.IndexOf('?')..],
                     $"/waitlist/{id}/leave?token=nope", $"/waitlist/{id}/leave?token[=x" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(wrong)).StatusCode);
        }
        var forged = await client.PostAsync($"/waitlist/{id}/leave?token=" + new string('A', 43), new FormUrlEncodedContent([]));
        Assert.True(forged.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{forged.StatusCode}");
        Assert.Equal(WaitlistStatus.Waiting, (await _factory.QueryAsync(db => db.WaitlistEntries.SingleAsync())).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(manage)).StatusCode);
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("en")]
    public async Task The_privacy_notice_says_what_the_waitlist_keeps_and_for_how_long(string language)
    {
        var citizen = FormClient.For(_factory);
        await citizen.GetAsync($"/privacy?lang={language}");
        Languages.TryParse(language, out var lang);
        Assert.Contains(Strings.In(lang, "Privacy.What.Waitlist"), citizen.Text);
        Assert.Contains(string.Format(Strings.In(lang, "Privacy.HowLongWaitlist"), 30), citizen.Text);
    }

    private static void AssertErrorLinksTo(FormClient page, string field, string message)
    {
        Assert.Contains("govuk-error-summary", page.Html);
        var link = Regex.Match(page.Html, $"<a href=\"#{field}\">([^<]+)</a>");
        Assert.True(link.Success, $"no error summary link to #{field}");
        Assert.Equal(message, WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Contains($"id=\"{field}\"", page.Html);
        Assert.StartsWith("Erreur", Regex.Match(page.Html, "<title>([^<]+)</title>").Groups[1].Value);
    }
}
