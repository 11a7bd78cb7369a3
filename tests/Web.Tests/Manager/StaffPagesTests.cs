using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Allo.Domain.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Allo.Web.Tests.Manager;

/// <summary>The team pages over HTTP with the no-JavaScript form client, on a real database.</summary>
public sealed partial class StaffPagesTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;
    private FormClient _manager = null!;
    private string _managerId = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        _factory.CreateClient();
        (_manager, _managerId) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private DevStaffMailbox Mailbox => _factory.Services.GetRequiredService<DevStaffMailbox>();

    private async Task<string> AddThroughPageAsync(string email, string languages = "fr nl", string role = StaffRoles.Agent)
    {
        await _manager.GetAsync("/manager/staff/add");
        await _manager.Form().Set(("name", "Ann Peeters"), ("email", email), ("languages", languages), ("role", role)).Check("skills", "relay").SubmitAsync();
        Assert.EndsWith("/manager/staff", _manager.Location!.AbsolutePath);
        return LinkIn(_manager.Html);
    }

    private static string LinkIn(string html) => System.Net.WebUtility.HtmlDecode(LinkPattern().Match(html).Value);

    private Task<string> IdOfAsync(string email) => _factory.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Theory]
    [InlineData("/manager/staff")]
    [InlineData("/manager/staff/add")]
    [InlineData("/manager/staff/import")]
    public async Task Agents_are_sent_to_the_403_page_and_anonymous_visitors_to_sign_in_on_the_team_pages(string path)
    {
        var anonymous = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);
        Assert.StartsWith("/staff/sign-in", anonymous.Headers.Location!.AbsolutePath);
        var (agent, _) = await StaffBrowser.SignedInAsync(_factory, "agent@allo.example");
        await agent.GetAsync(path);
        Assert.Equal("/error/403", agent.Location!.AbsolutePath);
        Assert.DoesNotContain("id=\"staff\"", agent.Html);
    }

    [Fact]
    public async Task A_manager_adds_an_agent_sees_the_link_once_and_the_agent_sets_a_password_in_french_and_signs_in()
    {
        var link = await AddThroughPageAsync("ann@allo.example");

        Assert.StartsWith("http://localhost:5080/staff/set-password?token=", link);
        Assert.Contains("lang=fr", link);
        Assert.Contains(link, Assert.Single(Mailbox.Sent, m => m.To == "ann@allo.example").Text);
        Assert.Contains("data-status=\"Invited\"", _manager.Html);
        await _manager.GetAsync("/manager/staff");
        Assert.DoesNotContain("set-password?token=", _manager.Html);

        var ann = FormClient.For(_factory, "nl-BE");
        await ann.GetAsync(new Uri(link).PathAndQuery);
        Assert.Contains("Choisissez votre mot de passe", ann.Html);
        await ann.SubmitAsync(("password", "Correct-Horse-42"), ("confirm", "Correct-Horse-43"));
        Assert.Contains("<a href=\"#confirm\">Les deux mots de passe ne sont pas identiques</a>", ann.Html);
        await ann.SubmitAsync(("password", "short"), ("confirm", "short"));
        Assert.Contains("<a href=\"#password\">Le mot de passe doit compter au moins 12 caractères", ann.Html);
        await ann.SubmitAsync(("password", "Correct-Horse-42"), ("confirm", "Correct-Horse-42"));
        Assert.Contains("id=\"password-set\"", ann.Html);

        await ann.GetAsync(new Uri(link).PathAndQuery);
        Assert.Contains("id=\"link-invalid\"", ann.Html);
        await StaffBrowser.SignInAsync(_factory, "ann@allo.example");
        await _manager.GetAsync("/manager/staff");
        var row = RowOf(_manager.Html, "ann@allo.example");
        Assert.Contains("data-status=\"Active\"", row);
        Assert.Contains("Relay calls", row);
        Assert.Contains("French, Dutch", row);
        Assert.DoesNotContain("Never", row);
    }

    [Fact]
    public async Task Bad_input_on_the_add_page_gets_a_linked_error_summary_and_adds_nobody()
    {
        await _manager.GetAsync("/manager/staff/add");
        await _manager.Form().Set(("name", ""), ("email", "not-an-email"), ("languages", "xx")).SubmitAsync();

        Assert.Contains("<a href=\"#name\">Enter their name</a>", _manager.Html);
        Assert.Contains("<a href=\"#email\">Enter an email address like name@example.be</a>", _manager.Html);
        Assert.Contains("<a href=\"#languages\">Languages are nl, fr, de and en, separated by spaces</a>", _manager.Html);
        Assert.Equal(1, await _factory.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_signed_in_agents_next_request_after_deactivation_is_sent_to_sign_in_their_call_goes_back_and_they_cannot_sign_in_again()
    {
        var (agent, agentId) = await StaffBrowser.SignedInAsync(_factory, "leaver@allo.example");
        var booking = await BookedAndClaimedAsync(agentId);
        await agent.GetAsync("/agent");
        Assert.EndsWith("/agent", agent.Location!.AbsolutePath);

        await _manager.GetAsync($"/manager/staff/account/{agentId}");
        await _manager.SubmitAsync("deactivate");
        Assert.Contains("data-status=\"Deactivated\"", RowOf(_manager.Html, "leaver@allo.example"));

        await agent.GetAsync("/agent");
        Assert.Equal("/staff/sign-in", agent.Location!.AbsolutePath);
        var after = await _factory.QueryAsync(db => db.Bookings.SingleAsync(b => b.Id == booking));
        Assert.Equal((BookingStatus.Queued, (string?)null), (after.Status, after.ClaimedBy));
        await Assert.ThrowsAsync<InvalidOperationException>(() => StaffBrowser.SignInAsync(_factory, "leaver@allo.example"));
        Assert.Contains("data-kind=\"Deactivated\"", _manager.Html);
    }

    private async Task<Guid> BookedAndClaimedAsync(string agentId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var bookings = scope.ServiceProvider.GetRequiredService<Scheduler.Bookings.BookingService>();
        var done = Assert.IsType<Scheduler.Bookings.BookingOutcome.Done>(await bookings.BookAsync(new Scheduler.Bookings.BookingInput
        {
            SlotStart = TestClock.Wednesday1000Slot, Phone = "0470 20 00 01", Language = "nl",
        }));
        _factory.Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        var queue = scope.ServiceProvider.GetRequiredService<CallQueue>();
        await queue.EnterDueAsync();
        Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(done.Booking.Id, agentId));
        return done.Booking.Id;
    }

    [Fact]
    public async Task A_demoted_managers_next_request_is_sent_to_sign_in_and_after_signing_in_again_they_are_an_agent()
    {
        var (other, otherId) = await StaffBrowser.SignedInAsync(_factory, "second@allo.example", StaffRoles.Manager);
        await _manager.GetAsync($"/manager/staff/account/{otherId}");
        await _manager.Form("save-role").Set("role", StaffRoles.Agent).SubmitAsync();

        await other.GetAsync("/manager/staff");
        Assert.Equal("/staff/sign-in", other.Location!.AbsolutePath);
        var again = await StaffBrowser.SignInAsync(_factory, "second@allo.example");
        await again.GetAsync("/manager/staff");
        Assert.Equal("/error/403", again.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_last_manager_cannot_deactivate_or_demote_themselves_on_the_page()
    {
        await _manager.GetAsync($"/manager/staff/account/{_managerId}");
        await _manager.SubmitAsync("deactivate");
        Assert.Contains("<a href=\"#actions\">There must always be one active manager", _manager.Html);
        await _manager.GetAsync($"/manager/staff/account/{_managerId}");
        await _manager.Form("save-role").Set("role", StaffRoles.Agent).SubmitAsync();
        Assert.Contains("<a href=\"#role\">There must always be one active manager", _manager.Html);
        await _manager.GetAsync("/manager/staff");
        Assert.Equal(HttpStatusCode.OK, _manager.Status);
        Assert.Contains("data-role=\"Manager\"", RowOf(_manager.Html, "boss@allo.example"));
    }

    [Fact]
    public async Task Role_details_and_a_new_link_are_changed_on_the_account_page_and_the_old_link_stops_working()
    {
        var first = await AddThroughPageAsync("ann@allo.example");
        var id = await IdOfAsync("ann@allo.example");
        await _manager.GetAsync($"/manager/staff/account/{id}");
        await _manager.Form("save-role").Set("role", StaffRoles.Manager).SubmitAsync();
        await _manager.GetAsync($"/manager/staff/account/{id}");
        await _manager.Form("save-profile").Set(("name", "Ann Janssens"), ("languages", "de")).Uncheck("skills", "relay").Check("skills", "text").SubmitAsync();
        await _manager.GetAsync($"/manager/staff/account/{id}");
        await _manager.SubmitAsync("reset");
        var second = LinkIn(_manager.Html);

        var row = RowOf(_manager.Html, "ann@allo.example");
        Assert.Contains("Ann Janssens", row);
        Assert.Contains("data-role=\"Manager\"", row);
        Assert.Contains("Text conversations", row);
        Assert.Contains("lang=de", second);
        var browser = FormClient.For(_factory);
        await browser.GetAsync(new Uri(first).PathAndQuery);
        Assert.Contains("id=\"link-invalid\"", browser.Html);
        await browser.GetAsync(new Uri(second).PathAndQuery);
        Assert.Contains("id=\"set-password\"", browser.Html);
    }

    [Fact]
    public async Task An_unknown_link_shows_that_it_does_not_work_in_the_browsers_language()
    {
        var browser = FormClient.For(_factory, "de-DE");
        await browser.GetAsync("/staff/set-password?token=nope");
        Assert.Contains("Dieser Link gilt nicht mehr", browser.Html);
        Assert.DoesNotContain("<form method=\"post\" novalidate>", browser.Html);
    }

    /// <summary>The file input needs multipart, which the form client does not send: the same form, its token, by hand.</summary>
    private async Task UploadAsync(string csv)
    {
        await _manager.GetAsync("/manager/staff/import");
        var token = Regex.Match(_manager.Html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "roster.csv");
        var response = await _manager.Http.PostAsync("/manager/staff/import", content);
        _lastUpload = await response.Content.ReadAsStringAsync();
        _lastStatus = response.StatusCode;
    }

    private string _lastUpload = "";
    private HttpStatusCode _lastStatus;

    [Fact]
    public async Task A_roster_with_bad_rows_is_reported_per_row_and_column_and_nothing_is_created()
    {
        await UploadAsync("name,email,role,languages\nAnn,ann@allo.example,Agent,nl\n=cmd|' /C calc'!A0,bob@allo.example,Boss,nl\n");

        Assert.Equal(HttpStatusCode.OK, _lastStatus);
        Assert.Contains("data-row=\"3\" data-column=\"name\" data-problem=\"Formula\"", _lastUpload);
        Assert.Contains("data-row=\"3\" data-column=\"role\" data-problem=\"UnknownRole\"", _lastUpload);
        Assert.Contains("<a href=\"#file\">The file has 2 problems; nothing was imported.", _lastUpload);
        Assert.Equal(1, await _factory.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_good_roster_adds_everyone_shows_their_links_once_and_a_second_import_adds_nobody()
    {
        const string roster = "name,email,role,languages,skills\nAnn,ann@allo.example,Agent,nl fr,interpreter\nClara,clara@allo.example,Manager,de,\n";
        await UploadAsync(roster);
        Assert.Contains("Roster imported: 2 added, 0 updated, 0 unchanged.", _lastUpload);
        Assert.Equal(2, LinkPattern().Matches(_lastUpload).Count);

        await UploadAsync(roster);
        Assert.Contains("Roster imported: 0 added, 0 updated, 2 unchanged.", _lastUpload);
        Assert.Equal(3, await _factory.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_file_over_256_KB_gets_a_clear_error_not_a_500()
    {
        await UploadAsync("name,email,role,languages\n" + new string('a', 300 * 1024));
        Assert.Equal(HttpStatusCode.OK, _lastStatus);
        Assert.Contains("<a href=\"#file\">The file is larger than 256 KB</a>", _lastUpload);
    }

    [Fact]
    public async Task An_import_without_the_antiforgery_token_is_refused_with_400_and_creates_nobody()
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("name,email,role,languages\nAnn,ann@allo.example,Agent,nl\n")), "file", "roster.csv");
        var response = await _manager.Http.PostAsync("/manager/staff/import", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await _factory.QueryAsync(db => db.Users.CountAsync()));
    }

    private static string RowOf(string html, string email) =>
        Regex.Match(html, $"<tr class=\"govuk-table__row\" data-email=\"{Regex.Escape(email)}\">.*?</tr>", RegexOptions.Singleline).Value;

    [GeneratedRegex(@"http://localhost:5080/staff/set-password\?token=[A-Za-z0-9_\-]+&(amp;)?lang=[a-z]{2}")]
    private static partial Regex LinkPattern();
}
