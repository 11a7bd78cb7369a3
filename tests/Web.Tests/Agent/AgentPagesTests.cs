using System.Net;
using System.Net.Http.Json;
using Allo.Domain.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Agent;

public sealed class AgentPagesTests : IAsyncLifetime
{
    private FakeTwilio _twilio = null!;
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), _twilio.Settings());
        _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeWithDatabaseAsync();
        await _twilio.DisposeAsync();
    }

    private Task<(Guid Id, string Reference)> DueCallAsync(string phone = "0470 12 34 56") => _factory.DueCallAsync(phone);

    private static string Spoken(string reference) => BookingReference.TryParse(reference, out var r) ? r.Spoken : reference;

    private Task<Booking> BookingAsync(Guid id) => _factory.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id));

    [Theory]
    [InlineData("/agent")]
    [InlineData("/agent/day")]
    [InlineData("/agent/callbacks/0195f0a0-0000-7000-8000-000000000000")]
    [InlineData("/agent/callbacks/0195f0a0-0000-7000-8000-000000000000/another-time")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_agent_page(string path)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/sign-in", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_anonymous_claim_is_refused_and_changes_nothing()
    {
        var (id, _) = await DueCallAsync();
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsync("/agent?handler=Claim", new FormUrlEncodedContent([new("id", id.ToString())]));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await BookingAsync(id)).ClaimedBy);
    }

    [Fact]
    public async Task The_agent_sees_a_joint_return_in_the_queue_and_the_partner_s_name_only_once_they_hold_the_call()
    {
        var (id, reference) = await _factory.DueCallAsync("0470 12 34 57", "en", "Koen Peeters", new { partner = "Leen Claes" });
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent");
        Assert.Contains("Joint return: two taxpayers on the call", agent.Text);
        Assert.DoesNotContain("Leen Claes", agent.Text);

        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Equal($"/agent/callbacks/{id}", agent.Location!.AbsolutePath);
        Assert.Contains("Koen Peeters", agent.Text);
        Assert.Contains("Joint return with partner: Leen Claes", agent.Text);
        Assert.Equal(2, (await BookingAsync(id)).SlotCount);
    }

    [Fact]
    public async Task An_agent_takes_a_due_call_sees_the_number_only_then_and_records_that_the_citizen_was_helped()
    {
        var (id, reference) = await DueCallAsync();
        var (agent, agentId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent");
        Assert.Contains(Spoken(reference), agent.Text);
        Assert.DoesNotContain("470 12 34 56", agent.Text);
        Assert.Contains(">Dutch<", agent.Html);

        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Equal($"/agent/callbacks/{id}", agent.Location!.AbsolutePath);
        Assert.Contains("+32 470 12 34 56", agent.Text);
        Assert.Contains("href=\"tel:+32470123456\"", WebUtility.HtmlDecode(agent.Html));
        Assert.Contains("You are handling this call until 10:21", agent.Text);

        await agent.SubmitAsync("record-outcome", ("outcome", "Helped"), ("note", "Explained the childcare deduction"));
        Assert.Equal("/agent", agent.Location!.AbsolutePath);
        Assert.Contains($"Recorded for call {Spoken(reference)}: Helped.", agent.Text);
        var booking = await BookingAsync(id);
        Assert.Equal(BookingStatus.Helped, booking.Status);
        var record = await _factory.QueryAsync(db => db.CallRecords.SingleAsync(r => r.BookingId == id));
        Assert.Equal((agentId, "Explained the childcare deduction"), (record.AgentId, record.Note));
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == id && m.Kind == MessageKind.ThankYou);
    }

    [Fact]
    public async Task A_colleague_sees_the_call_is_taken_without_the_number_and_is_offered_the_next()
    {
        var (first, reference) = await DueCallAsync("0470 12 34 56");
        var (ann, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        var (bert, _) = await StaffBrowser.SignedInAsync(_factory, "bert@allo.example");
        await ann.GetAsync("/agent");
        await bert.GetAsync("/agent");
        await ann.Form(holding: ("id", first.ToString())).SubmitAsync();

        // Bert's page still showed the call; his click comes second.
        await bert.Form(holding: ("id", first.ToString())).SubmitAsync();
        Assert.Equal("/agent", bert.Location!.AbsolutePath);
        Assert.Contains($"A colleague took call {Spoken(reference)} just before you.", bert.Text);
        Assert.Contains("No other call is waiting right now.", bert.Text);
        Assert.Contains("Calls colleagues are handling: 1.", bert.Text);

        await bert.GetAsync($"/agent/callbacks/{first}");
        Assert.Contains("A colleague is handling this call until 10:21.", bert.Text);
        Assert.DoesNotContain("470 12 34 56", bert.Text);
        Assert.DoesNotContain("tel:", bert.Html);
    }

    [Fact]
    public async Task A_missing_outcome_or_a_follow_up_without_a_note_shows_a_linked_error_and_changes_nothing()
    {
        var (id, _) = await DueCallAsync();
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example", acceptLanguage: "fr-BE");
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();

        await agent.SubmitAsync("record-outcome");
        Assert.Contains("govuk-error-summary", agent.Html);
        Assert.Contains("href=\"#outcome\"", agent.Html);
        Assert.Contains("id=\"outcome\"", agent.Html);
        await agent.SubmitAsync("record-outcome", ("outcome", "NeedsFollowUp"));
        Assert.Contains("href=\"#note\"", agent.Html);
        Assert.Contains("lang=\"fr\"", agent.Html);
        Assert.Equal(BookingStatus.Queued, (await BookingAsync(id)).Status);
        Assert.Equal(0, await _factory.QueryAsync(db => db.CallRecords.CountAsync()));
    }

    [Fact]
    public async Task No_answer_sends_the_call_back_for_a_second_try_and_another_time_moves_it()
    {
        var (id, reference) = await DueCallAsync();
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        await agent.SubmitAsync("record-outcome", ("outcome", "NoAnswer"));
        Assert.Contains("second try at 10:06", agent.Text);
        Assert.Equal(BookingStatus.Queued, (await BookingAsync(id)).Status);

        _factory.Clock.Advance(Duration.FromMinutes(5));
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        await agent.SubmitAsync("record-outcome", ("outcome", "AnotherTime"));
        Assert.Equal($"/agent/callbacks/{id}/another-time", agent.Location!.AbsolutePath);
        await agent.SubmitAsync(("note", "After school"));
        Assert.Contains("href=\"#slotStart\"", agent.Html);
        await agent.SubmitAsync(("slotStart", "2026-12-03T14:00:00+01:00"), ("note", "After school"));
        Assert.Equal("/agent", agent.Location!.AbsolutePath);
        Assert.Contains($"Recorded for call {Spoken(reference)}: The citizen wants another time.", agent.Text);
        var moved = await BookingAsync(id);
        Assert.Equal((BookingStatus.Booked, TestClock.Brussels(2026, 12, 3, 14)), (moved.Status, moved.SlotStart));
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == id && m.Kind == MessageKind.Moved);
    }

    [Fact]
    public async Task The_day_view_and_the_private_calendar_feed_list_the_agents_calls_without_numbers()
    {
        var (id, reference) = await DueCallAsync();
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        await agent.GetAsync("/agent/day");
        Assert.Contains(Spoken(reference), agent.Text);
        await agent.SubmitAsync("new-feed");
        var feed = System.Text.RegularExpressions.Regex.Match(agent.Html, "id=\"feed-url\">([^<]+)<").Groups[1].Value;
        var path = new Uri(feed).AbsolutePath;

        var calendarApp = _factory.CreateClient();
        var ics = await calendarApp.GetStringAsync(path);
        Assert.Contains("BEGIN:VEVENT", ics);
        Assert.Contains(Spoken(reference), ics);
        Assert.DoesNotContain("470", ics);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync("/agent/calendar/" + new string('0', 64) + ".ics")).StatusCode);

        await agent.SubmitAsync("new-feed");
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Click_to_call_rings_the_agents_own_phone_then_connects_the_citizen_with_the_service_number()
    {
        var (id, _) = await DueCallAsync();
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await agent.GetAsync("/agent/day");
        await agent.SubmitAsync("save-phone", ("phone", "12"));
        Assert.Contains("href=\"#phone\"", agent.Html);
        await agent.SubmitAsync("save-phone", ("phone", "0499 11 22 33"));
        Assert.Contains("Your phone number is saved.", agent.Text);

        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Contains("Ring my phone (+32499112233) and connect", agent.Text);
        await agent.SubmitAsync("dial-button");
        Assert.Contains("Your phone will ring now.", agent.Text);
        var call = Assert.Single(_twilio.Calls);
        Assert.Equal(("+32499112233", FakeTwilio.From), (call.Form["To"], call.Form["From"]));
        Assert.Contains("<Number>+32470123456</Number>", call.Form["Twiml"]);
        Assert.Contains($"callerId=\"{FakeTwilio.From}\"", call.Form["Twiml"]);
    }
}
