using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Allo.Web.Tests.Agent;

/// <summary>
/// The service with a relay configured (Relay:*, open 10:00 to 14:00, calls of at most 30 minutes): the
/// running host plans relay calls for deaf citizens with a landline and an email, offers and books them
/// only within the relay's hours, and shows the agent the relay's number to dial.
/// </summary>
public sealed class RelayCallPagesTests : IAsyncLifetime
{
    private const string DeafLandline = "02 572 57 61";
    private static readonly Web.Localization.JsonStringLocalizer Strings = new();
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), new Dictionary<string, string>
        {
            ["Relay:Number"] = "02 572 57 99",
            ["Relay:From"] = "10:00",
            ["Relay:To"] = "14:00",
            ["Relay:MaxCallMinutes"] = "30",
        });
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static readonly object Deaf = new { hearing = true };

    [Fact]
    public async Task The_agent_who_holds_a_relay_call_sees_the_relay_number_to_dial_the_citizens_number_to_give_and_the_longest_call()
    {
        var (id, _) = await _factory.DueCallAsync(DeafLandline, "fr", needs: Deaf, email: "paul@example.be");
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Equal($"/agent/callbacks/{id}", agent.Location!.AbsolutePath);

        Assert.Contains("id=\"relay-number\"", agent.Html);
        Assert.Contains(string.Format(Strings.In(Language.En, "Agent.RelayNumber"), "+32 2 572 57 99", "+32 2 572 57 61", 30), WebUtility.HtmlDecode(agent.Html));
        Assert.Contains("href=\"tel:+3225725799\"", WebUtility.HtmlDecode(agent.Html));
        Assert.DoesNotContain("href=\"tel:+3225725761\"", WebUtility.HtmlDecode(agent.Html));
    }

    [Fact]
    public async Task An_ordinary_call_shows_no_relay_number()
    {
        var (id, _) = await _factory.DueCallAsync();
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();

        Assert.DoesNotContain("id=\"relay-number\"", agent.Html);
        Assert.Contains("href=\"tel:+32470123456\"", WebUtility.HtmlDecode(agent.Html));
    }

    [Fact]
    public async Task On_the_pages_a_time_the_relay_is_closed_for_is_refused_at_the_check_and_the_times_then_offered_are_the_relays()
    {
        var citizen = FormClient.For(_factory, "fr-BE,fr;q=0.9");
        await citizen.GetAsync("/");
        await citizen.SubmitAsync(("Language", "fr"));
        await citizen.ChooseTimeAsync("2026-12-02T09:00:00+01:00");
        await citizen.SubmitAsync(("phone", DeafLandline));
        await citizen.SubmitAsync(("name", ""), ("email", "paul@example.be"));
        await citizen.SubmitAsync(("Hearing", "true"));
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
        Assert.Contains(Strings.In(Language.Fr, "Plan.Callback.RelayCall"), citizen.Text);

        await citizen.SubmitAsync();
        var link = Regex.Match(citizen.Html, "<a href=\"#slotStart\">([^<]+)</a>");
        Assert.Equal(Strings.In(Language.Fr, "Error.Slot.OutsideRelayHours"), WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));

        await citizen.GetAsync("/book/time?day=2026-12-02&change=true");
        Assert.DoesNotContain("value=\"2026-12-02T09:45:00+01:00\"", WebUtility.HtmlDecode(citizen.Html));
        Assert.DoesNotContain("value=\"2026-12-02T13:45:00+01:00\"", WebUtility.HtmlDecode(citizen.Html));
        Assert.Contains("value=\"2026-12-02T10:00:00+01:00\"", WebUtility.HtmlDecode(citizen.Html));

        await citizen.SubmitAsync(("slotStart", "2026-12-02T10:00:00+01:00"));
        Assert.EndsWith("/book/check", citizen.Location!.AbsolutePath);
        await citizen.SubmitAsync();
        Assert.EndsWith("/book/confirmation", citizen.Location!.AbsolutePath);
        var booking = await _factory.QueryAsync(db => db.Bookings.SingleAsync());
        Assert.Equal((CallbackMode.RelayCall, 2), (booking.Plan.Callback.Value, booking.SlotCount));
    }

    [Fact]
    public async Task The_api_plans_a_relay_call_offers_only_times_within_the_relays_hours_and_refuses_one_outside_them()
    {
        var client = _factory.CreateClient();
        var plan = await (await client.PostAsJsonAsync("/api/v1/contact-plans", new { phone = DeafLandline, language = "fr", email = "paul@example.be", needs = Deaf }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("RelayCall", plan.GetProperty("callback").GetProperty("value").GetString());
        Assert.Equal(2, plan.GetProperty("slots").GetProperty("value").GetInt32());

        var slots = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?from=2026-12-02&days=1&length=2&language=fr&callback=RelayCall");
        var times = slots!.Select(s => OffsetDateTimePattern.ExtendedIso.Parse(s.GetProperty("start").GetString()!).Value.TimeOfDay).ToList();
        Assert.Equal(new LocalTime(10, 0), times.First());
        Assert.Equal(new LocalTime(13, 30), times.Last());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/slots?callback=Relay")).StatusCode);

        var refused = await client.PostAsJsonAsync("/api/v1/bookings", new
        {
            slotStart = "2026-12-02T09:30:00+01:00", phone = DeafLandline, language = "fr", email = "paul@example.be", needs = Deaf,
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(Strings.In(Language.Fr, "Error.Slot.OutsideRelayHours"), errors.GetProperty("slotStart")[0].GetString());
        Assert.Equal(0, await _factory.QueryAsync(db => db.Bookings.CountAsync()));
    }
}
