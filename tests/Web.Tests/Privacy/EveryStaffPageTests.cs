using System.Net;
using System.Net.Http.Json;
using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Privacy;

/// <summary>
/// The safety net under the per-page tests: every staff address the app maps (found from its endpoints,
/// so a page added later is visited too), asked for by the agent holding a call and by a manager. Any
/// answer that carries a piece of the citizens' personal data must have written an access log entry.
/// </summary>
public sealed class EveryStaffPageTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static readonly string[] Markers =
        ["470 12 34 56", "+32470123456", "Marie Dubois", "Luc Helper", "470 99 88 77", "+32470998877", "Tigrinya", "Jan Peeters", "470 12 34 57", "Childcare deduction explained", "Heel vriendelijk geholpen"];

    private async Task<Guid> BookAsync(object request)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!;
        return await _factory.QueryAsync(db => db.Bookings.Where(b => b.Reference == reference).Select(b => b.Id).SingleAsync());
    }

    [Fact]
    public async Task Every_staff_page_and_export_that_shows_a_citizens_personal_data_records_an_access_log_entry()
    {
        var held = await BookAsync(new
        {
            slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 56", language = "nl", name = "Marie Dubois", email = "marie@example.be",
            needs = new { otherLanguage = "Tigrinya", proxy = new { name = "Luc Helper", phone = "0470 99 88 77" } },
        });
        var done = await BookAsync(new { slotStart = TestClock.Wednesday1000Slot, phone = "0470 12 34 57", language = "nl", name = "Jan Peeters" });
        _factory.Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example");
        var (boss, bossId) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
            await queue.EnterDueAsync();
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(done, annId));
            Assert.Null(await queue.RecordOutcomeAsync(done, annId, CallOutcome.Helped, "Childcare deduction explained"));
            await scope.ServiceProvider.GetRequiredService<FeedbackService>().ReceiveAsync(done, FeedbackSource.Web, FeedbackReply.From(5, "Heel vriendelijk geholpen"));
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(held, annId));
        }
        await ann.GetAsync("/agent/day");
        await ann.SubmitAsync("new-feed");
        var token = await _factory.QueryAsync(db => db.Users.Where(u => u.Id == annId).Select(u => u.CalendarFeedToken).SingleAsync());

        var patterns = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/agent", StringComparison.Ordinal) || p.StartsWith("/manager", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("/agent/callbacks/{id:guid}", patterns);
        Assert.Contains("/manager/access-log", patterns);
        var addresses = patterns.Select(p => p
                .Replace("{id:guid}", held.ToString(), StringComparison.Ordinal)
                .Replace("{token}", token, StringComparison.Ordinal)
                .Replace("{id}", bossId, StringComparison.Ordinal))
            .Append("/manager/feedback?handler=Csv")
            .ToList();
        Assert.DoesNotContain(addresses, a => a.Contains('{'));

        var showing = new List<string>();
        foreach (var address in addresses)
        {
            foreach (var (browser, staffId) in new[] { (ann, annId), (boss, bossId) })
            {
                var before = await _factory.QueryAsync(db => db.AccessLog.CountAsync(e => e.StaffId == staffId));
                await browser.GetAsync(address);
                var body = WebUtility.HtmlDecode(browser.Html);
                var shown = Markers.Where(m => body.Contains(m, StringComparison.Ordinal)).ToList();
                if (shown.Count == 0)
                {
                    continue;
                }
                showing.Add(address);
                var after = await _factory.QueryAsync(db => db.AccessLog.CountAsync(e => e.StaffId == staffId));
                Assert.True(after > before, $"{address} showed {string.Join(", ", shown)} to {staffId} and recorded nothing.");
            }
        }
        // The sweep did see the pages that show data (else it would pass by seeing nothing).
        Assert.Contains($"/agent/callbacks/{held}", showing);
        Assert.Contains("/agent", showing);
        Assert.Contains("/agent/day", showing);
        Assert.Contains("/manager/feedback", showing);
        Assert.Contains("/manager/feedback?handler=Csv", showing);
    }
}
