using System.Net;
using System.Net.Http.Json;
using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using CsvHelper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Manager;

public sealed class ManagerPagesTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    /// <summary>A booking made through the API, called and helped, with feedback from the web page.</summary>
    private async Task<string> HelpedWithFeedbackAsync(string phone, int rating, string words)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone, language = "fr", needs = new { hearing = true } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!;
        var now = _factory.Clock.GetCurrentInstant();
        _factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 10, 5));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var id = await scope.ServiceProvider.GetRequiredService<Scheduler.Persistence.AlloDbContext>().Bookings.Where(b => b.Reference == reference).Select(b => b.Id).SingleAsync();
            var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
            await queue.EnterDueAsync();
            await TestAgents.AddAsync(scope.ServiceProvider.GetRequiredService<Scheduler.Persistence.AlloDbContext>(), "agent-x");
            await queue.ClaimAsync(id, "agent-x");
            await queue.RecordOutcomeAsync(id, "agent-x", CallOutcome.Helped, null);
            await scope.ServiceProvider.GetRequiredService<FeedbackService>().ReceiveAsync(id, FeedbackSource.Web, FeedbackReply.From(rating, words));
        }
        _factory.Clock.Reset(now);
        return reference;
    }

    [Theory]
    [InlineData("/manager/dashboard")]
    [InlineData("/manager/feedback")]
    [InlineData("/manager/feedback?handler=Csv")]
    [InlineData("/manager/capacity")]
    public async Task Anonymous_visitors_and_agents_cannot_reach_manager_pages(string path)
    {
        var anonymous = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/staff/sign-in", anonymous.Headers.Location!.AbsolutePath);

        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "agent@allo.example");
        await agent.GetAsync(path);
        Assert.Equal("/error/403", agent.Location!.AbsolutePath);
        Assert.DoesNotContain("allo-chart", agent.Html);
    }

    [Fact]
    public async Task A_manager_reads_the_dashboard_with_charts_and_their_tables_and_numbers_written_the_way_of_their_language()
    {
        await HelpedWithFeedbackAsync("0470 90 00 01", 4, "Très bien");
        _factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 17));
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/dashboard?from=2026-12-01&to=2026-12-02&by=day");
        Assert.Equal(HttpStatusCode.OK, manager.Status);
        Assert.Contains("id=\"total-bookings\">1<", manager.Html);
        Assert.Contains("id=\"total-calls\">1<", manager.Html);
        Assert.Contains("id=\"total-reached\">100%<", manager.Html);
        Assert.Contains("id=\"total-rating\">4.0<", manager.Html);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(manager.Html, "<svg class=\"allo-chart[^\"]*\"[^>]*role=\"img\"").Count);
        Assert.Contains("<title id=\"chart-bookings-title\">", manager.Html);
        Assert.Contains("<desc id=\"chart-missed-desc\">", manager.Html);
        Assert.Contains("id=\"table-missed\"", manager.Html);
        Assert.DoesNotContain("470 90 00 01", manager.Text);

        await manager.GetAsync("/manager/dashboard?from=2026-12-01&to=2026-12-02&by=day&lang=fr");
        Assert.Contains("id=\"total-reached\">100 %<", manager.Html);
        Assert.Contains("id=\"total-rating\">4,0<", manager.Html);

        await manager.GetAsync("/manager/dashboard?from=yesterday&to=2026-12-02&lang=en");
        Assert.Contains("href=\"#from\"", manager.Html);
    }

    [Fact]
    public async Task A_call_the_end_of_the_day_closed_counts_as_not_called_on_the_dashboard_of_its_day()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone = "0470 90 00 09", language = "nl" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        _factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 10, 1));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CallQueue>().EnterDueAsync();
        }
        _factory.Clock.Reset(TestClock.Brussels(2026, 12, 2, 16));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<EndOfDay>().CloseAsync());
        }
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/dashboard?from=2026-12-01&to=2026-12-02&by=day&lang=en");
        Assert.Contains("id=\"total-not-called\">1<", manager.Html);
        Assert.Contains("id=\"total-reached\">0%<", manager.Html);
        Assert.Contains("Not called (the day ended)", manager.Text);

        await manager.GetAsync("/manager/dashboard?from=2026-12-01&to=2026-12-01&by=day&lang=en");
        Assert.Contains("id=\"total-not-called\">0<", manager.Html);
    }

    [Fact]
    public async Task A_manager_filters_feedback_marks_it_handled_and_downloads_the_same_selection_as_csv()
    {
        var first = await HelpedWithFeedbackAsync("0470 90 00 02", 5, "Merci, très patient");
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager, "fr-BE");
        await manager.GetAsync("/manager/feedback?q=patient&state=open");
        Assert.Contains("Merci, très patient", manager.Text);
        Assert.DoesNotContain("470 90 00 02", manager.Text);

        var id = await _factory.QueryAsync(db => db.Feedback.Select(f => f.Id).SingleAsync());
        await manager.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Equal("/manager/feedback", manager.Location!.AbsolutePath);
        Assert.Contains("state=open", manager.Location.Query);
        Assert.DoesNotContain("Merci, très patient", manager.Text);
        Assert.NotNull(await _factory.QueryAsync(db => db.Feedback.Select(f => f.HandledAt).SingleAsync()));

        var csv = await manager.Http.GetAsync("/manager/feedback?handler=Csv&state=handled");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        using var reader = CsvReader.FromText(await csv.Content.ReadAsStringAsync());
        Assert.True(reader.Read());
        Assert.Equal((first, "5", "Merci, très patient", "Hearing"), (reader.GetString("reference"), reader.GetString("rating"), reader.GetString("words"), reader.GetString("needs")));
        Assert.False(reader.Read());

        await manager.GetAsync("/manager/feedback?from=2026-12-05&to=2026-12-01");
        Assert.Contains("href=\"#to\"", manager.Html);
    }

    [Fact]
    public async Task The_mark_handled_form_carries_its_own_antiforgery_token()
    {
        await HelpedWithFeedbackAsync("0470 90 00 05", 3, "Correct");
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/feedback?state=open");
        var id = await _factory.QueryAsync(db => db.Feedback.Select(f => f.Id).SingleAsync());
        await manager.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, manager.Status);
        Assert.NotNull(await _factory.QueryAsync(db => db.Feedback.Select(f => f.HandledAt).SingleAsync()));
    }

    [Fact]
    public async Task A_manager_lowers_capacity_sees_the_calls_that_no_longer_fit_and_moves_one()
    {
        var client = _factory.CreateClient();
        foreach (var phone in new[] { "0470 90 00 03", "0470 90 00 04" })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/bookings", new { slotStart = "2026-12-02T10:00:00+01:00", phone, language = "nl" })).StatusCode);
        }
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/capacity");
        Assert.Contains("id=\"overfull-none\"", manager.Html);

        await manager.SubmitAsync("save-week", ("agents-Wednesday-10", "-2"));
        Assert.Contains("href=\"#agents-Wednesday-10\"", manager.Html);
        Assert.Equal(4, await _factory.QueryAsync(db => db.Capacity.Where(c => c.Day == NodaTime.IsoDayOfWeek.Wednesday && c.Hour == 10).Select(c => c.Agents).SingleAsync()));

        await manager.SubmitAsync("save-week", ("agents-Wednesday-10", "1"));
        Assert.Contains("id=\"overfull\"", manager.Html);
        var later = await _factory.QueryAsync(db => db.Bookings.OrderByDescending(b => b.CreatedAt).Select(b => b.Id).FirstAsync());
        await manager.Form(holding: ("id", later.ToString())).SubmitAsync();
        Assert.Contains("id=\"capacity-notice\"", manager.Html);
        Assert.Contains("id=\"overfull-none\"", manager.Html);
        Assert.Contains(_factory.Signal.Messages, m => m.BookingId == later && m.Kind == Scheduler.Messaging.MessageKind.Moved);
    }

    [Fact]
    public async Task A_manager_closes_a_day_and_its_slots_are_no_longer_offered()
    {
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/capacity");
        await manager.SubmitAsync("add-adjustment", ("kind", "Closed"), ("from", "2026-12-03"), ("to", "2026-12-03"));
        Assert.Contains("href=\"#reason\"", manager.Html);
        await manager.SubmitAsync("add-adjustment", ("kind", "Closed"), ("from", "2026-12-03"), ("to", "2026-12-03"), ("reason", "Staff training"));
        Assert.Contains("Staff training", manager.Text);

        var closed = await _factory.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/v1/slots?from=2026-12-03&days=1");
        Assert.Empty(closed!);
        var open = await _factory.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/v1/slots?from=2026-12-04&days=1");
        Assert.NotEmpty(open!);
    }
}
