using System.Net;
using System.Text.RegularExpressions;
using Allo.Domain.Bookings;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Web.Tests.Pages;

/// <summary>The citizen's pages, driven with plain HTTP forms: exactly what a browser without JavaScript does.</summary>
public sealed partial class BookingPagesTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
    }

    private static readonly Web.Localization.JsonStringLocalizer Strings = new();

    private static string Fr(string key) => Strings.In(Domain.Language.Fr, key);

    private FormClient NewCitizen(string acceptLanguage = "fr-BE,fr;q=0.9") => FormClient.For(_factory, acceptLanguage);

    [Theory]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("de-DE", "de")]
    [InlineData("es-ES,fr-FR;q=0.5", "fr")]
    [InlineData("nl-NL", "nl")]
    [InlineData("es-ES", "nl")]
    public async Task A_browser_from_another_region_gets_its_language_and_others_get_dutch(string acceptLanguage, string expected)
    {
        var citizen = NewCitizen(acceptLanguage);
        await citizen.GetAsync("/");
        Assert.Contains($"<html lang=\"{expected}\"", citizen.Html);
    }

    [Theory]
    [InlineData("/accessibility?lang=de", "de", "+32 2 572 57 57")]
    [InlineData("/privacy?lang=nl", "nl", "30")]
    public async Task The_accessibility_statement_and_privacy_notice_are_in_the_citizens_language(string path, string language, string contains)
    {
        var citizen = NewCitizen();
        await citizen.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, citizen.Status);
        Assert.Contains($"<html lang=\"{language}\"", citizen.Html);
        Assert.Contains(contains, citizen.Text);
        Assert.Contains("href=\"/privacy\"", citizen.Html);
    }

    private static void AssertErrorLinksTo(FormClient page, string field, string messagePart)
    {
        Assert.Contains("govuk-error-summary", page.Html);
        var link = Regex.Match(page.Html, $"<a href=\"#{field}\">([^<]+)</a>");
        Assert.True(link.Success, $"no error summary link to #{field}");
        Assert.Contains(messagePart, WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Contains($"id=\"{field}\"", page.Html);
        Assert.StartsWith("Erreur", Regex.Match(page.Html, "<title>([^<]+)</title>").Groups[1].Value);
    }

    /// <summary>A French-speaking citizen who has answered every question and is on the check page.</summary>
    private Task<FormClient> AtCheckAsync(string slot, string phone, params (string Name, string Value)[] needs) =>
        AtCheckWithEmailAsync(slot, phone, "", needs);

    private async Task<FormClient> AtCheckWithEmailAsync(string slot, string phone, string email, params (string Name, string Value)[] needs)
    {
        var citizen = NewCitizen();
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync(slot);
        await citizen.SubmitAsync(("phone", phone));
        await citizen.SubmitAsync(("name", ""), ("email", email));
        await citizen.SubmitAsync(needs);
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
        return citizen;
    }

    private async Task<FormClient> BookThroughThePagesAsync(string phone = "0470 12 34 56")
    {
        var citizen = NewCitizen();
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        Assert.EndsWith("/book/when", citizen.Location!.AbsolutePath);
        await citizen.ChooseTimeAsync(TestClock.Wednesday1000Slot);
        await citizen.SubmitAsync(("phone", phone));
        await citizen.SubmitAsync(("name", "Marie Dupont"), ("email", ""));
        await citizen.SubmitAsync(("Hearing", "true"), ("MoreTime", "true"));
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
        Assert.Contains("mercredi 2 décembre 2026 à 10:00", citizen.Text);
        PhoneNumber.TryParse(phone, out var number);
        Assert.Contains(number!.International, citizen.Text);
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        return citizen;
    }

    [Fact]
    public async Task The_start_page_preselects_the_browser_language()
    {
        var citizen = NewCitizen("de-BE,de;q=0.9");
        var html = await citizen.GetAsync("/");
        Assert.Contains("<html lang=\"de\"", html);
        Assert.Matches("value=\"de\" checked=\"checked\"", html);
    }

    [Fact]
    public async Task A_citizen_books_without_javascript_and_sees_reference_time_and_private_link()
    {
        var citizen = await BookThroughThePagesAsync();

        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(Domain.Language.Fr, booking.Language);
        Assert.Equal("Marie Dupont", booking.Name);
        Assert.True(booking.Needs.Hearing && booking.Needs.MoreTime);
        Assert.Equal(PhoneKind.Mobile, booking.PhoneKind);

        Assert.Contains("Votre appel est", citizen.Text);
        Assert.Contains($"{booking.Reference[..3]}-{booking.Reference[3..]}", citizen.Text);
        Assert.Contains("mercredi 2 décembre 2026 à 10:00", citizen.Text);
        // Under Allo:PublicBaseUrl, which outside Production falls back to the launch profile's address.
        Assert.Matches("href=\"http://localhost:5080/manage\\?ref=" + booking.Reference + "&amp;token=[A-Za-z0-9_-]{43}\"", citizen.Html);
    }

    [Fact]
    public async Task Each_step_shows_a_linked_error_summary_in_french_keeps_what_was_typed_and_stores_nothing()
    {
        var citizen = NewCitizen();
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));

        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "day", Fr("Error.Day.Missing"));
        await citizen.SubmitAsync(("day", "2026-12-02"));
        Assert.EndsWith("/book/time", citizen.Location!.AbsolutePath);
        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Time.Missing"));
        // Lunchtime is never offered: only a crafted request sends it.
        await citizen.Form().Forge("slotStart", "2026-12-02T12:15:00+01:00").SubmitAsync();
        AssertErrorLinksTo(citizen, "slotStart", "Nous n'appelons pas");
        await citizen.SubmitAsync(("slotStart", TestClock.Wednesday1000Slot));

        await citizen.SubmitAsync(("phone", "0470 12"));
        AssertErrorLinksTo(citizen, "phone", "numéro");
        Assert.Contains("value=\"0470 12\"", citizen.Html);
        await citizen.SubmitAsync(("phone", "0470 12 34 56"));

        await citizen.SubmitAsync(("name", "Marie"), ("email", "marie@"));
        AssertErrorLinksTo(citizen, "email", "e-mail");
        Assert.Contains("value=\"Marie\"", citizen.Html);
        Assert.Contains("value=\"marie@\"", citizen.Html);
        await citizen.SubmitAsync(("name", "Marie"), ("email", ""));

        await citizen.SubmitAsync(("OtherLanguage", "true"), ("otherLanguageName", ""), ("Proxy", "true"), ("proxyName", "Ali"), ("proxyPhone", "nope"));
        AssertErrorLinksTo(citizen, "otherLanguageName", "langue");
        AssertErrorLinksTo(citizen, "proxyPhone", "numéro");
        Assert.Contains("value=\"Ali\"", citizen.Html);

        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Arriving_at_a_later_step_first_sends_the_citizen_to_the_first_unanswered_question()
    {
        var citizen = NewCitizen();
        await citizen.GetAsync("/book/check");
        Assert.EndsWith("/book/when", citizen.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_change_link_returns_to_check_your_answers()
    {
        var citizen = await AtCheckAsync(TestClock.Wednesday1000Slot, "0470 12 34 56");
        await citizen.GetAsync("/book/phone?change=true");
        Assert.Contains("href=\"/book/check\"", citizen.Html);
        await citizen.SubmitAsync(("phone", "02 572 57 57"));
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
        Assert.Contains("+32 2 572 57 57", citizen.Text);
    }

    [Fact]
    public async Task When_the_last_seat_goes_while_checking_the_citizen_chooses_again_among_that_days_times_with_an_explanation_and_returns_to_check()
    {
        await _factory.SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 10), 1);
        var citizen = await AtCheckAsync(TestClock.Wednesday1000Slot, "0470 12 34 56");

        await BookThroughThePagesAsync("0470 65 43 21");

        await citizen.SubmitAsync();
        Assert.Equal("/book/time", citizen.Location!.AbsolutePath);
        Assert.Contains("day=2026-12-02", citizen.Location.Query);
        AssertErrorLinksTo(citizen, "slotStart", Fr("Error.Slot.Taken"));
        // Razor writes the offset's "+" as &#x2B;.
        Assert.DoesNotContain($"value=\"{TestClock.Wednesday1000Slot}\"", WebUtility.HtmlDecode(citizen.Html));
        Assert.Contains("value=\"2026-12-02T11:00:00+01:00\"", WebUtility.HtmlDecode(citizen.Html));

        await citizen.SubmitAsync(("slotStart", "2026-12-02T11:00:00+01:00"));
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
        Assert.Contains("mercredi 2 décembre 2026 à 11:00", citizen.Text);
        Assert.Equal(1, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Through_the_private_link_a_citizen_moves_then_cancels_their_call()
    {
        var citizen = await BookThroughThePagesAsync();
        var manage = WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"manage-link\" href=\"([^\"]+)\"").Groups[1].Value);

        await citizen.GetAsync(manage);
        Assert.Equal(HttpStatusCode.OK, citizen.Status);
        await citizen.GetAsync(WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"move-link\" href=\"([^\"]+)\"").Groups[1].Value));
        await citizen.ChooseTimeAsync("2026-12-03T14:00:00+01:00");
        Assert.Contains("jeudi 3 décembre 2026 à 14:00", citizen.Text);
        Assert.Contains("id=\"done-message\"", citizen.Html);

        await citizen.GetAsync(WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"cancel-link\" href=\"([^\"]+)\"").Groups[1].Value));
        await citizen.SubmitAsync();
        Assert.Contains("id=\"done-message\"", citizen.Html);
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Equal(0, await _factory.QueryAsync(db => db.SeatClaims.CountAsync()));

        var ics = await citizen.Http.GetStringAsync(WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"calendar-link\" href=\"([^\"]+)\"").Groups[1].Value));
        Assert.Contains("METHOD:CANCEL", ics);
        Assert.Contains("SEQUENCE:2", ics);
    }

    [Fact]
    public async Task Booking_again_with_the_same_number_offers_to_move_the_first_call_with_its_reference()
    {
        await BookThroughThePagesAsync("0470 12 34 56");
        var first = await _factory.QueryAsync(db => db.Bookings.SingleAsync());

        var citizen = await AtCheckAsync("2026-12-04T13:30:00+01:00", "+32 470 12 34 56");
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/already-booked", citizen.Location!.AbsolutePath);
        Assert.Contains("vendredi 4 décembre 2026 à 13:30", citizen.Text);

        await citizen.SubmitAsync(("reference", "ZZZ-ZZZ"));
        AssertErrorLinksTo(citizen, "reference", "référence");
        Assert.Equal(first.SlotStart, (await _factory.QueryAsync(db => db.Bookings.SingleAsync())).SlotStart);

        await citizen.SubmitAsync(("reference", first.Reference.ToLowerInvariant()));
        Assert.EndsWith("/book/moved", citizen.Location!.AbsolutePath);
        Assert.Contains("vendredi 4 décembre 2026 à 13:30", citizen.Text);
        var moved = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(first.Id, moved.Id);
        Assert.Equal(TestClock.Brussels(2026, 12, 4, 13, 30), moved.SlotStart);
        Assert.Equal(1, moved.Sequence);

        await citizen.GetAsync("/book/check");
        Assert.EndsWith("/book/when", citizen.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Guessing_references_is_slowed_down_with_a_friendly_429_page()
    {
        await BookThroughThePagesAsync("0470 12 34 56");
        var citizen = await AtCheckAsync("2026-12-04T13:30:00+01:00", "0470 12 34 56");
        await citizen.SubmitAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            await citizen.SubmitAsync(("reference", "ZZZZZZ"));
            statuses.Add(citizen.Status);
            if (citizen.Status == HttpStatusCode.TooManyRequests)
            {
                break;
            }
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains("Trop d'essais", citizen.Text);
    }

    [Fact]
    public async Task Check_your_answers_shows_how_we_will_contact_the_citizen_and_why_before_booking()
    {
        var citizen = await AtCheckAsync(TestClock.Wednesday1000Slot, "02 572 57 57", ("MoreTime", "true"));
        Assert.Contains("id=\"contact-plan\"", citizen.Html);
        Assert.Contains("environ 30 minutes", citizen.Text);
        Assert.Contains(Fr("Rule.messages.no-sms-without-mobile"), citizen.Text);
        await citizen.SubmitAsync();
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(2, booking.SlotCount);
        Assert.Equal(Domain.Contact.Channel.Voice, booking.Plan.Confirmation.Value[0].Channel);
    }

    [Fact]
    public async Task Someone_no_channel_can_reach_sees_why_and_the_way_out_and_nothing_is_booked()
    {
        var citizen = await AtCheckAsync(TestClock.Wednesday1000Slot, "02 572 57 57", ("Hearing", "true"));
        Assert.Contains("id=\"unreachable\"", citizen.Html);
        await citizen.SubmitAsync();
        AssertErrorLinksTo(citizen, "needs", Fr("Rule.callback.unreachable-for-hearing"));
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_deaf_citizen_with_a_landline_and_an_email_address_is_not_refused_and_sees_the_written_conversation_by_email_and_why()
    {
        var citizen = await AtCheckWithEmailAsync(TestClock.Wednesday1000Slot, "02 572 57 57", "jef@example.be", ("Hearing", "true"));
        Assert.DoesNotContain("id=\"unreachable\"", citizen.Html);
        Assert.Contains("id=\"contact-plan\"", citizen.Html);
        Assert.Contains(Fr("Plan.Callback.EmailConversation"), citizen.Text);
        Assert.Contains(Fr("Rule.callback.email-for-hearing"), citizen.Text);

        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(Domain.Contact.CallbackMode.EmailConversation, booking.Plan.Callback.Value);
        Assert.Equal([Domain.Contact.Channel.Email], booking.Plan.Confirmation.Value.Select(m => m.Channel));
        Assert.Equal(2, booking.SlotCount);
    }

    [Fact]
    public async Task Through_the_private_link_a_citizen_changes_how_we_contact_them()
    {
        var citizen = await BookThroughThePagesAsync();
        var manage = WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"manage-link\" href=\"([^\"]+)\"").Groups[1].Value);
        await citizen.GetAsync(manage);
        await citizen.GetAsync(WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"change-plan-link\" href=\"([^\"]+)\"").Groups[1].Value));
        Assert.Contains("checked=\"checked\"", citizen.Html);

        await citizen.SubmitAsync(("PrefersCall", "true"), ("PrefersText", "true"));
        AssertErrorLinksTo(citizen, "needs-PrefersText", Fr("Error.Prefers.Both"));

        // Only another language remains ticked: the needs from booking and both preferences are unticked.
        await citizen.Form().Uncheck("Hearing").Uncheck("MoreTime").Uncheck("PrefersCall").Uncheck("PrefersText")
            .Check("OtherLanguage").Set("otherLanguageName", "Arabe").SubmitAsync();
        Assert.Contains("id=\"done-message\"", citizen.Html);
        Assert.Contains("interprète", citizen.Text);
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(Domain.Contact.CallbackMode.VoiceWithInterpreter, booking.Plan.Callback.Value);
        Assert.Equal(2, await _factory.QueryAsync(db => db.SeatClaims.CountAsync()));
    }

    [Fact]
    public async Task A_citizen_who_ticks_no_text_messages_gets_a_plan_without_texts_and_lifts_it_on_the_manage_page()
    {
        var citizen = await AtCheckAsync(TestClock.Wednesday1000Slot, "0470 12 34 80", ("NoTexts", "true"));
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.DoesNotContain(Domain.Contact.Channel.Sms, booking.Plan.ChannelsToCitizen());
        Assert.Empty(booking.Plan.HeadsUp.Value);
        Assert.True(await _factory.QueryAsync(db => db.ChannelOptOuts.AnyAsync(o => o.Address == "+32470123480" && o.Channel == Domain.Contact.Channel.Sms)));

        var manage = WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"manage-link\" href=\"([^\"]+)\"").Groups[1].Value);
        await citizen.GetAsync(manage);
        await citizen.GetAsync(WebUtility.HtmlDecode(Regex.Match(citizen.Html, "id=\"change-plan-link\" href=\"([^\"]+)\"").Groups[1].Value));
        Assert.Matches("id=\"needs-NoTexts\"[^>]*checked=\"checked\"", citizen.Html);
        await citizen.Form().Uncheck("NoTexts").SubmitAsync();

        Assert.Contains("id=\"done-message\"", citizen.Html);
        booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal(Domain.Contact.Channel.Sms, booking.Plan.Reminders.Value[0].Channel);
        Assert.False(await _factory.QueryAsync(db => db.ChannelOptOuts.AnyAsync()));
    }

    [Fact]
    public async Task A_manage_link_with_a_wrong_token_is_a_friendly_404()
    {
        var citizen = await BookThroughThePagesAsync();
        var reference = await _factory.QueryAsync(async db => (await db.Bookings.SingleAsync()).Reference);
        await citizen.GetAsync($"/manage?ref={reference}&token=guess");
        Assert.Equal(HttpStatusCode.NotFound, citizen.Status);
        Assert.Contains("Page introuvable", citizen.Text);
        await citizen.GetAsync($"/manage/cancel?ref={reference}&token=guess");
        Assert.Equal(HttpStatusCode.NotFound, citizen.Status);
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_forms_may_send_only_to_allo_itself()
    {
        var response = await _factory.CreateClient().GetAsync("/");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("form-action 'self';", policy);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_stylesheet_is_served_locally_without_the_gov_uk_brand_font()
    {
        var css = await _factory.CreateClient().GetStringAsync("/css/app.css");
        Assert.Contains(".govuk-error-summary", css);
        Assert.DoesNotContain("GDS Transport", css);
    }
}
