using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Manager;

/// <summary>
/// Far dates, control characters and crafted values on the agents' and managers' pages: a linked error
/// summary in the staff member's language, a 4xx for a file that cannot be made; never a 500, nothing changed.
/// </summary>
public abstract partial class HostileStaffInputTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Web.Localization.JsonStringLocalizer Strings = new();
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(provider), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static string En(string key, params object[] values) => string.Format(Strings.In(Domain.Language.En, key), values);

    private static readonly string OutsideTheRange = En("Manager.Error.DateRange", "2016-12-01", "2031-12-01");

    private static void AssertErrorLinksTo(FormClient page, string field, string message)
    {
        var link = Regex.Match(page.Html, $"<a href=\"#{field}\">([^<]+)</a>");
        Assert.True(link.Success, $"no error summary link to #{field} on {page.Location}: {page.Text[..Math.Min(600, page.Text.Length)]}");
        Assert.Equal(message, WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Contains($"id=\"{field}\"", page.Html);
    }

    private Task<(FormClient Browser, string Id)> ManagerAsync() => StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("-9998-01-01")]
    public async Task An_agents_day_far_in_the_future_or_past_is_a_linked_error_and_today_is_shown(string date)
    {
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "agent@allo.example");
        await agent.GetAsync($"/agent/day?date={date}");
        Assert.Equal(HttpStatusCode.OK, agent.Status);
        AssertErrorLinksTo(agent, "date", OutsideTheRange);
        Assert.Contains("Tuesday 1 December 2026", agent.Text);
    }

    [Theory]
    [InlineData("/manager/feedback?from=9999-12-31", "from")]
    [InlineData("/manager/feedback?to=0001-01-01", "to")]
    [InlineData("/manager/dashboard?from=9999-12-31", "from")]
    [InlineData("/manager/dashboard?from=2026-12-01&to=-9998-01-01", "to")]
    public async Task A_report_for_dates_beyond_what_the_service_keeps_is_a_linked_error(string url, string field)
    {
        var (manager, _) = await ManagerAsync();
        await manager.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, manager.Status);
        AssertErrorLinksTo(manager, field, OutsideTheRange);
    }

    [Theory]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("q=caf%01e", "q")]
    public async Task A_csv_export_with_a_refused_filter_is_a_400_page_with_the_error_and_no_file(string query, string field)
    {
        var (manager, _) = await ManagerAsync();
        await manager.GetAsync($"/manager/feedback?handler=Csv&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, manager.Status);
        Assert.StartsWith("<!DOCTYPE html>", manager.Html);
        AssertErrorLinksTo(manager, field, field == "q" ? En("Error.Text.Unusable") : OutsideTheRange);

        var file = await manager.Http.GetAsync($"/manager/feedback?handler=Csv&{query}");
        Assert.Null(file.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task A_search_with_a_control_character_is_a_linked_error_and_an_unknown_agent_or_page_filters_nothing()
    {
        var (manager, _) = await ManagerAsync();
        await manager.GetAsync("/manager/feedback?q=caf%00e");
        AssertErrorLinksTo(manager, "q", En("Error.Text.Unusable"));
        await manager.GetAsync("/manager/feedback?agent=x%00y&p=99999999999&source=7&language=%00");
        Assert.Equal(HttpStatusCode.OK, manager.Status);
        Assert.DoesNotContain("govuk-error-summary", manager.Html);
    }

    [Fact]
    public async Task A_closure_with_a_control_character_in_its_reason_or_an_end_far_away_is_refused_and_nothing_is_stored()
    {
        var (manager, _) = await ManagerAsync();
        await manager.GetAsync("/manager/capacity");
        await manager.Form("add-adjustment").Check("kind", "Closed").Set(("from", "2026-12-07"), ("to", "2026-12-08"), ("reason", "Team\u0007day")).SubmitAsync();
        AssertErrorLinksTo(manager, "reason", En("Error.Text.Unusable"));
        await manager.Form("add-adjustment").Check("kind", "Closed").Set(("from", "2026-12-07"), ("to", "9999-12-31"), ("reason", "Forever")).SubmitAsync();
        AssertErrorLinksTo(manager, "to", OutsideTheRange);
        Assert.Equal(0, await _factory.QueryAsync(db => db.CapacityAdjustments.CountAsync()));
    }

    [Fact]
    public async Task Removing_a_closure_that_does_not_exist_is_404_and_writes_nothing()
    {
        var (manager, _) = await ManagerAsync();
        await manager.GetAsync("/manager/capacity");
        await manager.Form("add-adjustment").Check("kind", "Closed").Set(("from", "2027-01-04"), ("to", "2027-01-05"), ("reason", "Team day")).SubmitAsync();
        var id = await _factory.QueryAsync(db => db.CapacityAdjustments.Select(a => a.Id).SingleAsync());
        var revision = await _factory.QueryAsync(db => db.CapacityRevision.Select(r => r.Revision).SingleAsync());

        await manager.Form(holding: ("id", id.ToString())).Forge("id", Guid.NewGuid().ToString()).SubmitAsync();
        Assert.Equal(HttpStatusCode.NotFound, manager.Status);
        Assert.Equal(revision, await _factory.QueryAsync(db => db.CapacityRevision.Select(r => r.Revision).SingleAsync()));
        Assert.Equal(1, await _factory.QueryAsync(db => db.CapacityAdjustments.CountAsync()));
    }

    [Theory]
    [InlineData("1", "Helped")]
    [InlineData("Helped,NoAnswer", "Helped")]
    [InlineData("Helped", "Called\u0001twice")]
    public async Task An_outcome_no_radio_button_sends_or_a_control_character_in_the_note_records_nothing(string outcome, string note)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "nl" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = await _factory.QueryAsync(db => db.Bookings.Select(b => b.Id).SingleAsync());
        _factory.Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        var (agent, agentId) = await StaffBrowser.SignedInAsync(_factory, "agent@allo.example");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
            await queue.EnterDueAsync();
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(booking, agentId));
        }
        await agent.GetAsync($"/agent/callbacks/{booking}");
        await agent.Form("record-outcome").Forge("outcome", outcome).Set("note", note).SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, agent.Status);
        Assert.Contains("govuk-error-summary", agent.Html);
        Assert.Equal(0, await _factory.QueryAsync(db => db.CallRecords.CountAsync()));
    }

    [Fact]
    public async Task Signing_in_with_a_control_character_in_the_email_is_a_linked_error()
    {
        var visitor = FormClient.For(_factory);
        await visitor.GetAsync("/staff/sign-in");
        await visitor.SubmitAsync(("email", "boss\u0001@allo.example"), ("password", "whatever"));
        AssertErrorLinksTo(visitor, "email", En("Error.Text.Unusable"));
    }
}

public sealed class SqliteHostileStaffInputTests() : HostileStaffInputTests(DatabaseProvider.Sqlite);

public sealed class PostgresHostileStaffInputTests() : HostileStaffInputTests(DatabaseProvider.Postgres);
