using System.Text.RegularExpressions;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Web.Localization;

namespace Allo.Web.Tests.Localization;

public sealed partial class StringsTests
{
    private static readonly JsonStringLocalizer Strings = new();

    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "src"));

    [Fact]
    public void Every_language_has_every_key_that_english_has_and_no_more()
    {
        var english = Strings.Keys(Language.En).ToHashSet();
        foreach (var language in Languages.All)
        {
            Assert.Equal(english.Order(), Strings.Keys(language).Order());
        }
    }

    [Fact]
    public void Placeholders_match_english_in_every_language()
    {
        foreach (var key in Strings.Keys(Language.En))
        {
            var expected = Placeholder().Matches(Strings.In(Language.En, key)).Select(m => m.Value).Order().ToList();
            foreach (var language in Languages.All)
            {
                Assert.Equal(expected, Placeholder().Matches(Strings.In(language, key)).Select(m => m.Value).Order().ToList());
            }
        }
    }

    [Fact]
    public void Every_key_the_code_uses_exists()
    {
        var used = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(SourceRoot(), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs") || f.EndsWith(".cshtml")) && !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            foreach (Match match in UsedKey().Matches(File.ReadAllText(file)))
            {
                used.Add(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
            }
        }
        // Keys built from enum values and names.
        used.UnionWith(Enum.GetNames<SlotProblem>().Where(p => p != "None").Select(p => $"Error.Slot.{p}"));
        used.UnionWith(Enum.GetNames<BookingProblem>().Select(p => $"Error.Booking.{p}"));
        used.UnionWith(Enum.GetNames<BookingStatus>().Select(s => $"Status.{s}"));
        used.UnionWith(Enum.GetNames<Language>().Select(l => $"Language.{l}.Own"));
        used.UnionWith(Web.Pages.Shared.NeedsFieldsModel.Checkboxes.SelectMany(n => new[] { $"Needs.{n}", $"Needs.{n}Hint" }));
        used.UnionWith(["Manage.Done.moved", "Manage.Done.cancelled", "Manage.Done.contact"]);
        used.UnionWith(Domain.Contact.ContactRules.Table.Select(r => $"Rule.{r.Id}"));
        used.UnionWith(Enum.GetNames<Domain.Contact.Channel>().Select(c => $"Plan.Channel.{c}"));
        used.UnionWith(Enum.GetNames<Domain.Contact.CallbackMode>().Select(c => $"Plan.Callback.{c}"));
        used.UnionWith(Enum.GetNames<Domain.Contact.MessageStyle>().Select(c => $"Plan.Style.{c}"));
        used.UnionWith(Enum.GetNames<Domain.Contact.AgentHint>().SelectMany(h => new[] { $"Hint.{h}", $"Hint.{h}.Detail" }));
        used.UnionWith(Enum.GetNames<Domain.Calls.CallOutcome>().SelectMany(o => new[] { $"Outcome.{o}", $"Outcome.{o}.Hint" }));
        used.UnionWith(Enum.GetNames<Domain.Contact.CallbackMode>().Select(c => $"Agent.Mode.{c}"));
        used.UnionWith(Enum.GetNames<BookingProblem>().Append("Busy").Select(p => $"Agent.Refused.{p}"));
        used.UnionWith(["Agent.Notice.taken", "Agent.Notice.gone", "Agent.Callback.Notice.claimed", "Agent.Callback.Notice.dialling"]);
        used.UnionWith(["Agent.Day.Notice.feed", "Agent.Day.Notice.phone"]);
        used.UnionWith(Enumerable.Range(1, 5).Select(r => $"Feedback.Rating.{r}"));
        used.UnionWith(Scheduler.Managers.NeedNames.All.Append(Scheduler.Managers.NeedNames.None).Select(n => $"Need.{n}"));
        used.UnionWith(Enum.GetNames<Domain.Feedback.FeedbackSource>().Select(s => $"Manager.Source.{s}"));
        used.UnionWith(Enum.GetNames<Domain.Contact.Channel>().Select(c => $"Manager.Channel.{c}"));
        used.UnionWith(Enum.GetNames<FrontEnd>().Select(f => $"Manager.FrontEnd.{f}"));
        used.UnionWith(Enum.GetNames<NodaTime.IsoDayOfWeek>().Where(d => d != "None").Select(d => $"Manager.Day.{d}"));
        used.UnionWith(new[] { "week", "adjusted", "removed", "moved", "not-moved" }.Select(n => $"Manager.Capacity.Notice.{n}"));
        used.UnionWith(Enum.GetNames<Domain.Waitlist.WaitlistStatus>().Select(s => $"Waitlist.Status.{s}"));
        used.UnionWith(new[] { "Morning", "Afternoon" }.Select(p => $"Waitlist.Part.{p}"));
        used.UnionWith(new[] { "Sms", "Email", "None" }.Select(c => $"Waitlist.HowOffered.{c}"));
        used.UnionWith(Enum.GetNames<Domain.Waitlist.WaitlistProblem>().Where(p => p is "NoPartOfDay" or "DaysReversed" or "DaysOutsideHorizon" or "Unreachable").Select(p => $"Error.Waitlist.{p}"));
        used.UnionWith(["Nav.Queue", "Nav.Day", "Nav.Dashboard", "Nav.Feedback", "Nav.Capacity"]);

        Assert.True(used.Count > 100);
        Assert.Empty(used.Except(Strings.Keys(Language.En)).Order());
    }

    [Fact]
    public void Each_rule_explains_itself_to_citizens_in_the_words_of_the_rules_table()
    {
        foreach (var rule in Domain.Contact.ContactRules.Table)
        {
            Assert.Equal(rule.Because, Strings.In(Language.En, $"Rule.{rule.Id}"));
        }
    }

    [Theory]
    [InlineData(Language.Nl, "woensdag 2 december 2026 om 10:00")]
    [InlineData(Language.Fr, "mercredi 2 décembre 2026 à 10:00")]
    [InlineData(Language.De, "Mittwoch, 2. Dezember 2026 um 10:00")]
    [InlineData(Language.En, "Wednesday 2 December 2026 at 10:00")]
    public void Dates_are_written_in_words_in_each_language(Language language, string expected)
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        var beforeUi = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = CitizenCulture.Culture(language);
            var instant = NodaTime.Instant.FromUtc(2026, 12, 2, 9, 0);
            Assert.Equal(expected, CitizenCulture.DateAndTime(instant, SlotCalendar.Brussels, Strings));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
            System.Globalization.CultureInfo.CurrentUICulture = beforeUi;
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("(?:T|text)\\[\"([A-Za-z]+\\.[A-Za-z.]+)\"|\"(Error\\.[A-Za-z]+\\.[A-Za-z]+)\"")]
    private static partial Regex UsedKey();
}
