using System.Net;
using System.Net.Http.Json;
using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Options;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Privacy;

/// <summary>
/// An entry in the access log for every page and export that shows a citizen's number or other personal
/// data — and none for the pages that do not.
/// </summary>
public sealed class AccessLogRecordingTests : IAsyncLifetime
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

    private Task<(Guid Id, string Reference)> DueCallAsync(string phone, object? needs = null) => _factory.DueCallAsync(phone, name: "Marie Dubois", needs: needs);

    private Task<List<AccessLogEntry>> EntriesAsync(string staffId) =>
        _factory.QueryAsync(db => db.AccessLog.AsNoTracking().Where(e => e.StaffId == staffId).ToListAsync());

    private async Task<FormClient> HoldingAsync(FormClient agent, Guid id)
    {
        await agent.GetAsync("/agent");
        await agent.Form(holding: ("id", id.ToString())).SubmitAsync();
        Assert.Equal($"/agent/callbacks/{id}", agent.Location!.AbsolutePath);
        return agent;
    }

    [Fact]
    public async Task The_callback_page_records_a_claim_when_it_shows_the_number_to_its_holder_and_nothing_for_a_colleague_or_the_plain_queue()
    {
        var (id, reference) = await DueCallAsync("0470 12 34 56");
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        var (bert, bertId) = await StaffBrowser.SignedInAsync(_factory, "bert@allo.example");
        await HoldingAsync(ann, id);
        Assert.Contains("+32 470 12 34 56", ann.Text);
        var entry = Assert.Single(await EntriesAsync(annId));
        Assert.Equal((id, reference, AccessReason.Claim, _factory.Clock.GetCurrentInstant()), (entry.BookingId, entry.Reference, entry.Reason, entry.At));

        await bert.GetAsync("/agent");
        await bert.GetAsync($"/agent/callbacks/{id}");
        Assert.DoesNotContain("470 12 34 56", bert.Text);
        Assert.Empty(await EntriesAsync(bertId));
    }

    [Fact]
    public async Task Recording_the_outcome_records_an_outcome_entry_and_a_refused_one_shown_again_with_the_number_too()
    {
        var (id, reference) = await DueCallAsync("0470 12 34 56");
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await HoldingAsync(ann, id);

        await ann.SubmitAsync("record-outcome", ("outcome", "NeedsFollowUp"));
        Assert.Contains("href=\"#note\"", ann.Html);
        Assert.Contains("+32 470 12 34 56", ann.Text);
        await ann.SubmitAsync("record-outcome", ("outcome", "Helped"));
        Assert.Equal("/agent", ann.Location!.AbsolutePath);

        var entries = await EntriesAsync(annId);
        Assert.Equal([AccessReason.Claim, AccessReason.Outcome, AccessReason.Outcome], entries.OrderBy(e => e.Reason).Select(e => e.Reason));
        Assert.All(entries, e => Assert.Equal((id, reference), (e.BookingId, e.Reference)));
    }

    [Fact]
    public async Task Another_time_picked_with_the_citizen_records_an_outcome_entry()
    {
        var (id, _) = await DueCallAsync("0470 12 34 56");
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await HoldingAsync(ann, id);
        await ann.SubmitAsync("record-outcome", ("outcome", "AnotherTime"));
        await ann.SubmitAsync(("slotStart", "2026-12-03T14:00:00+01:00"), ("note", "After school"));
        Assert.Equal("/agent", ann.Location!.AbsolutePath);
        Assert.Equal(1, (await EntriesAsync(annId)).Count(e => e.Reason == AccessReason.Outcome && e.BookingId == id));
    }

    [Fact]
    public async Task Click_to_call_which_hands_the_number_to_twilio_records_a_claim_entry()
    {
        var (id, _) = await DueCallAsync("0470 12 34 56");
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await ann.GetAsync("/agent/day");
        await ann.SubmitAsync("save-phone", ("phone", "0499 11 22 33"));
        await HoldingAsync(ann, id);
        var before = (await EntriesAsync(annId)).Count;
        await ann.SubmitAsync("dial-button");
        Assert.Single(_twilio.Calls);
        // The dial itself, then the page it returns to.
        Assert.Equal(before + 2, (await EntriesAsync(annId)).Count(e => e.Reason == AccessReason.Claim && e.BookingId == id));
    }

    [Fact]
    public async Task The_queue_records_one_entry_per_row_that_shows_an_interpreter_language_in_one_request()
    {
        var (tigrinya, _) = await DueCallAsync("0470 12 34 56", new { otherLanguage = "Tigrinya" });
        var (pashto, _) = await DueCallAsync("0470 12 34 57", new { otherLanguage = "Pashto" });
        await DueCallAsync("0470 12 34 58");
        var (bert, bertId) = await StaffBrowser.SignedInAsync(_factory, "bert@allo.example");
        await bert.GetAsync("/agent");
        Assert.Contains("Tigrinya", bert.Text);
        var entries = await EntriesAsync(bertId);
        Assert.Equal(new[] { tigrinya, pashto }.Order(), entries.Select(e => e.BookingId).Order());
        Assert.All(entries, e => Assert.Equal(AccessReason.Claim, e.Reason));
        Assert.Single(entries.Select(e => e.At).Distinct());
    }

    [Fact]
    public async Task The_day_page_records_an_entry_for_each_call_whose_note_it_shows()
    {
        var (id, reference) = await DueCallAsync("0470 12 34 56");
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await HoldingAsync(ann, id);
        await ann.SubmitAsync("record-outcome", ("outcome", "Helped"), ("note", "Explained the childcare deduction"));
        var before = (await EntriesAsync(annId)).Count;

        await ann.GetAsync("/agent/day");
        Assert.Contains("Explained the childcare deduction", ann.Text);
        var entries = await EntriesAsync(annId);
        Assert.Equal(before + 1, entries.Count);
        Assert.Contains(entries, e => e.Reason == AccessReason.Claim && e.Reference == reference && e.At == _factory.Clock.GetCurrentInstant());
    }

    [Fact]
    public async Task The_agents_calendar_feed_shows_no_number_and_records_nothing()
    {
        var (id, _) = await DueCallAsync("0470 12 34 56");
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        await HoldingAsync(ann, id);
        await ann.GetAsync("/agent/day");
        await ann.SubmitAsync("new-feed");
        var before = (await EntriesAsync(annId)).Count;
        var feed = System.Text.RegularExpressions.Regex.Match(ann.Html, "id=\"feed-url\">([^<]+)<").Groups[1].Value;
        var ics = await _factory.CreateClient().GetStringAsync(new Uri(WebUtility.HtmlDecode(feed)).PathAndQuery);
        Assert.DoesNotContain("470", ics);
        Assert.DoesNotContain("Marie", ics);
        Assert.Equal(before, (await EntriesAsync(annId)).Count);
    }

    /// <summary>Two helped calls with feedback words, from the web page.</summary>
    private async Task<IReadOnlyList<string>> FeedbackAsync()
    {
        var (first, firstReference) = await DueCallAsync("0470 12 34 56");
        var (second, secondReference) = await DueCallAsync("0470 12 34 57");
        await using var scope = _factory.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
        await TestAgents.AddAsync(scope.ServiceProvider.GetRequiredService<Scheduler.Persistence.AlloDbContext>(), "agent-x");
        foreach (var (id, words) in new[] { (first, "Zeer vriendelijk"), (second, "Te lang gewacht") })
        {
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(id, "agent-x"));
            Assert.Null(await queue.RecordOutcomeAsync(id, "agent-x", CallOutcome.Helped, null));
            await scope.ServiceProvider.GetRequiredService<FeedbackService>().ReceiveAsync(id, FeedbackSource.Web, FeedbackReply.From(4, words));
        }
        return [firstReference, secondReference];
    }

    [Fact]
    public async Task The_feedback_page_records_a_review_entry_for_each_booking_it_shows()
    {
        var references = await FeedbackAsync();
        var (manager, managerId) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/feedback");
        Assert.Contains("Zeer vriendelijk", manager.Text);
        var entries = await EntriesAsync(managerId);
        Assert.Equal(references.Order(), entries.Select(e => e.Reference).Order());
        Assert.All(entries, e => Assert.Equal(AccessReason.Review, e.Reason));
    }

    [Fact]
    public async Task The_feedback_csv_export_records_an_export_entry_for_each_booking_in_the_file()
    {
        var references = await FeedbackAsync();
        var (manager, managerId) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        var response = await manager.Http.GetAsync("/manager/feedback?handler=Csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Te lang gewacht", await response.Content.ReadAsStringAsync());
        var entries = await EntriesAsync(managerId);
        Assert.Equal(references.Order(), entries.Select(e => e.Reference).Order());
        Assert.All(entries, e => Assert.Equal(AccessReason.Export, e.Reason));
    }

    [Fact]
    public async Task The_dashboard_and_the_capacity_page_show_no_citizen_data_and_record_nothing()
    {
        await FeedbackAsync();
        var (manager, managerId) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        foreach (var page in new[] { "/manager/dashboard", "/manager/capacity", "/manager/access-log" })
        {
            await manager.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, manager.Status);
            Assert.DoesNotContain("470 12 34", manager.Text);
            Assert.DoesNotContain("Marie", manager.Text);
        }
        Assert.Empty(await EntriesAsync(managerId));
    }
}
