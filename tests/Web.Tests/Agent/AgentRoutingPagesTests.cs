using System.Net;
using System.Net.Http.Json;
using Allo.Domain.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Agent;

/// <summary>The agents' pages route calls by language and skill, and ask for a reason to take one outside them.</summary>
public sealed class AgentRoutingPagesTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public Task InitializeAsync() => StartAsync(null);

    private async Task StartAsync(string? routing)
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800),
            routing is null ? null : new Dictionary<string, string> { ["Calls:Routing"] = routing });
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    /// <summary>A German call for Wednesday 10:00, booked through the API; at 10:01 it is in the queue.</summary>
    private async Task<(Guid Id, string Spoken)> GermanCallAsync()
    {
        var (id, reference) = await _factory.DueCallAsync(language: "de");
        return (id, BookingReference.TryParse(reference, out var r) ? r.Spoken : reference);
    }

    private Task<(FormClient Browser, string Id)> DutchOnlyAgentAsync(string acceptLanguage = "en-GB") =>
        StaffBrowser.SignedInAsync(_factory, "daan@allo.example", acceptLanguage: acceptLanguage, languages: "nl", skills: StaffSkills.None);

    [Fact]
    public async Task In_strict_mode_a_Dutch_only_agent_is_not_shown_a_German_call_and_is_told_one_waits_for_colleagues()
    {
        var (_, spoken) = await GermanCallAsync();
        var (daan, _) = await DutchOnlyAgentAsync();
        await daan.GetAsync("/agent");
        Assert.DoesNotContain(spoken, daan.Text);
        Assert.Contains("No call is waiting.", daan.Text);
        Assert.Contains("Calls waiting for colleagues who speak their language or have the skill: 1.", daan.Text);
        Assert.DoesNotContain("id=\"overflow\"", daan.Html);
    }

    [Fact]
    public async Task A_manager_made_without_languages_is_told_no_calls_are_offered_to_them_with_a_link_to_set_them()
    {
        await GermanCallAsync();
        var (ann, annId) = await StaffBrowser.SignedInAsync(_factory, "ann@allo.example", StaffRoles.Manager, languages: "");
        await ann.GetAsync("/agent");
        Assert.Contains("Your account has no languages yet, so no calls are offered to you.", ann.Text);
        Assert.Contains($"href=\"/manager/staff/account/{annId}\"", ann.Html);
        Assert.Contains("Calls waiting for colleagues who speak their language or have the skill: 1.", ann.Text);

        var (daan, _) = await DutchOnlyAgentAsync();
        await daan.GetAsync("/agent");
        Assert.DoesNotContain("id=\"no-languages\"", daan.Html);
    }

    [Fact]
    public async Task In_overflow_mode_a_Dutch_only_agent_is_offered_a_German_call_no_German_speaker_is_free_for_with_a_reason_link()
    {
        await DisposeAsync();
        await StartAsync("Overflow");
        var (id, spoken) = await GermanCallAsync();
        var (daan, _) = await DutchOnlyAgentAsync();
        await daan.GetAsync("/agent");
        Assert.Contains("id=\"overflow\"", daan.Html);
        Assert.Contains($"href=\"/agent/callbacks/{id}/take\"", daan.Html);
        Assert.Contains("Take, with a reason", daan.Text);
        Assert.Contains(spoken, daan.Text);
        Assert.Contains("No call is waiting.", daan.Text);
    }

    [Fact]
    public async Task Taking_a_call_outside_ones_languages_asks_why_shows_a_linked_error_in_french_without_one_and_records_the_reason_for_managers()
    {
        var (id, _) = await GermanCallAsync();
        var (daan, daanId) = await DutchOnlyAgentAsync("fr-BE");
        await daan.GetAsync($"/agent/callbacks/{id}");
        await daan.SubmitAsync("claim");
        Assert.Equal($"/agent/callbacks/{id}/take", daan.Location!.AbsolutePath);
        Assert.Contains("Un appel hors de vos langues ou compétences", daan.Text);
        Assert.Contains("Cet appel à", daan.Text);
        Assert.Contains("est en allemand.", daan.Text);

        await daan.SubmitAsync("take", ("reason", "  "));
        Assert.Contains("govuk-error-summary", daan.Html);
        Assert.Contains("<a href=\"#reason\">Dites pourquoi vous prenez un appel hors de vos langues ou compétences</a>", daan.Html);
        Assert.Contains("id=\"reason-error\"", daan.Html);
        Assert.Contains("lang=\"fr\"", daan.Html);
        Assert.Null((await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Id == id))).ClaimedBy);
        Assert.Equal(0, await _factory.QueryAsync(db => db.ClaimReasons.CountAsync()));

        await daan.SubmitAsync("take", ("reason", "Aucun collègue germanophone n'est libre."));
        Assert.Equal($"/agent/callbacks/{id}", daan.Location!.AbsolutePath);
        Assert.Contains("470 12 34 56", daan.Text);
        var reason = await _factory.QueryAsync(db => db.ClaimReasons.SingleAsync());
        Assert.Equal((id, daanId, TestClock.Wednesday1000 + Duration.FromMinutes(1), "Aucun collègue germanophone n'est libre."),
            (reason.BookingId, reason.AgentId, reason.At, reason.Reason));
        Assert.DoesNotContain("id=\"claim-reasons\"", daan.Html);

        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "mona@allo.example", StaffRoles.Manager);
        await manager.GetAsync($"/agent/callbacks/{id}");
        Assert.Contains("Taken outside the agent's languages or skills", manager.Text);
        Assert.Contains("daan: Aucun collègue germanophone n'est libre.", manager.Text);
    }

    [Fact]
    public async Task A_reason_with_control_characters_or_over_500_characters_is_refused_with_a_linked_error_and_changes_nothing()
    {
        var (id, _) = await GermanCallAsync();
        var (daan, _) = await DutchOnlyAgentAsync();
        await daan.GetAsync($"/agent/callbacks/{id}/take");
        await daan.SubmitAsync("take", ("reason", new string('a', 501)));
        Assert.Contains("<a href=\"#reason\">The reason must be at most 500 characters</a>", daan.Html);
        await daan.SubmitAsync("take", ("reason", "bell\u0007"));
        Assert.Contains("href=\"#reason\"", daan.Html);
        Assert.Null((await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Id == id))).ClaimedBy);
        Assert.Equal(0, await _factory.QueryAsync(db => db.ClaimReasons.CountAsync()));
    }
}
