using System.Net;
using System.Net.Http.Json;
using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Privacy;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allo.Web.Tests.Manager;

/// <summary>/manager/access-log: the managers' search of who saw which booking's personal data.</summary>
public sealed class AccessLogPageTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private async Task<(Guid Id, string Reference)> BookedAsync(string phone)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotStart = TestClock.Wednesday1000Slot, phone, language = "nl", name = "Marie Dubois" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!;
        return (await _factory.QueryAsync(db => db.Bookings.Where(b => b.Reference == reference).Select(b => b.Id).SingleAsync()), reference);
    }

    private async Task RecordAsync(string staffId, AccessReason reason, params (Guid, string)[] bookings)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordAsync(staffId, reason, bookings);
    }

    private static string Spoken(string reference) => BookingReference.TryParse(reference, out var r) ? r.Spoken : reference;

    private Task<int> EntryCountAsync() => _factory.QueryAsync(db => db.AccessLog.CountAsync());

    [Fact]
    public async Task Anonymous_visitors_and_agents_cannot_reach_the_access_log_and_only_managers_see_it_in_the_navigation()
    {
        var anonymous = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/manager/access-log");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/staff/sign-in", anonymous.Headers.Location!.AbsolutePath);

        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "agent@allo.example");
        await agent.GetAsync("/agent");
        Assert.DoesNotContain("href=\"/manager/access-log\"", agent.Html);
        await agent.GetAsync("/manager/access-log");
        Assert.Equal("/error/403", agent.Location!.AbsolutePath);

        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/dashboard");
        Assert.Contains("href=\"/manager/access-log\"", manager.Html);
    }

    [Fact]
    public async Task A_manager_finds_entries_by_reference_typed_loosely_or_by_staff_member_and_the_search_records_nothing()
    {
        var first = await BookedAsync("0470 12 34 56");
        var second = await BookedAsync("0470 12 34 57");
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        string annId, bertId;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            annId = (await StaffAccounts.CreateAsync(scope.ServiceProvider, "ann@allo.example", "Ann Peeters", StaffBrowser.Password, StaffRoles.Agent)).Id;
            bertId = (await StaffAccounts.CreateAsync(scope.ServiceProvider, "bert@allo.example", "Bert Claes", StaffBrowser.Password, StaffRoles.Agent)).Id;
        }
        await RecordAsync(annId, AccessReason.Claim, first);
        await RecordAsync(bertId, AccessReason.Outcome, first, second);
        var recorded = await EntryCountAsync();

        await manager.GetAsync("/manager/access-log?reference=" + Uri.EscapeDataString(Spoken(first.Reference).ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.OK, manager.Status);
        Assert.Contains("Entries found: 2", manager.Text);
        Assert.Contains("Ann Peeters", manager.Text);
        Assert.Contains("Call handled by the agent", manager.Text);
        Assert.Contains("Outcome recorded", manager.Text);
        Assert.DoesNotContain($"data-reference=\"{second.Reference}\"", manager.Html);
        Assert.DoesNotContain("470 12 34", manager.Text);
        Assert.DoesNotContain("Marie", manager.Text);

        await manager.GetAsync($"/manager/access-log?staff={bertId}");
        Assert.Contains("Entries found: 2", manager.Text);
        Assert.Contains($"data-reference=\"{second.Reference}\"", manager.Html);
        Assert.DoesNotContain("Ann Peeters</td>", manager.Html);

        Assert.Equal(recorded, await EntryCountAsync());
    }

    [Theory]
    [InlineData("en-GB", "Enter a booking reference of 6 letters and digits")]
    [InlineData("nl-BE", "Vul een referentie van 6 letters en cijfers in")]
    [InlineData("fr-BE", "Saisissez une référence de 6 lettres et chiffres")]
    [InlineData("de-BE", "Geben Sie eine Terminreferenz aus 6 Buchstaben und Ziffern ein")]
    public async Task A_malformed_reference_gets_a_linked_error_summary_in_the_managers_language_and_no_results(string language, string error)
    {
        var booking = await BookedAsync("0470 12 34 56");
        await RecordAsync("agent-1", AccessReason.Claim, booking);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, "boss@allo.example", "Boss", StaffBrowser.Password, StaffRoles.Manager);
        }
        var manager = await StaffBrowser.SignInAsync(_factory, "boss@allo.example", acceptLanguage: language);
        foreach (var bad in new[] { "K7M-4Q", "0OO1IL", "<script>", "K7M\u00004QX", new string('A', 5000) })
        {
            await manager.GetAsync("/manager/access-log?reference=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.OK, manager.Status);
            Assert.Contains("govuk-error-summary", manager.Html);
            Assert.Contains("href=\"#reference\"", manager.Html);
            Assert.Contains(error, manager.Text);
            Assert.DoesNotContain("id=\"access-log\"", manager.Html);
        }
    }

    [Fact]
    public async Task Entries_of_a_booking_erased_after_the_retention_period_stay_and_say_erased()
    {
        var booking = await BookedAsync("0470 12 34 56");
        await RecordAsync("agent-1", AccessReason.Claim, booking);
        _factory.Clock.Reset(TestClock.Brussels(2027, 1, 2, 12));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            // Its call closed by the end of its day, as long before the retention job comes.
            await scope.ServiceProvider.GetRequiredService<Scheduler.Calls.EndOfDay>().CloseAsync();
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().EraseExpiredAsync(CancellationToken.None);
        }
        Assert.NotNull(await _factory.QueryAsync(db => db.Bookings.Where(b => b.Id == booking.Id).Select(b => b.ErasedAt).SingleAsync()));

        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/access-log?reference=" + booking.Reference);
        Assert.Contains("Entries found: 1", manager.Text);
        Assert.Contains($"{Spoken(booking.Reference)} erased", System.Text.RegularExpressions.Regex.Replace(manager.Text, @"\s+", " "));
    }

    [Fact]
    public async Task More_than_fifty_entries_are_paged_with_links_that_keep_the_search()
    {
        var booking = await BookedAsync("0470 12 34 56");
        for (var i = 0; i < AccessLog.PageSize + 1; i++)
        {
            await RecordAsync("agent-1", AccessReason.Claim, booking);
            _factory.Clock.Advance(NodaTime.Duration.FromSeconds(1));
        }
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/access-log?reference=" + booking.Reference);
        Assert.Equal(AccessLog.PageSize, System.Text.RegularExpressions.Regex.Matches(manager.Html, "<tr class=\"govuk-table__row\" data-reference").Count);
        Assert.Contains($"href=\"/manager/access-log?reference={booking.Reference}&amp;p=2\"", manager.Html);
        await manager.GetAsync($"/manager/access-log?reference={booking.Reference}&p=2");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(manager.Html, "<tr class=\"govuk-table__row\" data-reference"));
        await manager.GetAsync($"/manager/access-log?p=99999999999");
        Assert.Equal(HttpStatusCode.OK, manager.Status);
    }
}
