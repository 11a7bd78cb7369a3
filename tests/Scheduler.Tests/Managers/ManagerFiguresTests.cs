using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Domain.Feedback;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Privacy;
using Allo.TestSupport;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Scheduler.Tests.Managers;

/// <summary>
/// A known day of the service, seeded through the real services: six bookings on Tuesday (one
/// cancelled), five calls on Wednesday with every outcome, two ratings, two thank-you texts.
/// Every figure of the dashboard and every filter of the feedback review is checked against it.
/// </summary>
public abstract partial class ManagerFiguresTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    protected readonly Dictionary<string, Booking> Seeded = [];
    private static readonly LocalDate Tuesday = new(2026, 12, 1);
    private static readonly LocalDate Wednesday = new(2026, 12, 2);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedAsync();
    }

    private async Task<Booking> BookAsync(string name, string phone, int hour, int minute, Language language, Needs needs, FrontEnd frontEnd)
    {
        await using var db = Database.NewContext();
        PhoneNumber.TryParse(phone, out var number);
        var outcome = await NewService(db).BookAsync(TestClock.Brussels(2026, 12, 2, hour, minute), number!, language, name, null, needs, frontEnd);
        return Seeded[name] = Assert.IsType<BookingOutcome.Done>(outcome).Booking;
    }

    private async Task OutcomeAsync(string name, params CallOutcome[] tries)
    {
        foreach (var outcome in tries)
        {
            await using var db = Database.NewContext();
            var queue = NewQueue(db);
            await TestAgents.AddAsync(db, "agent-" + name);
            Assert.Equal(ClaimResult.Claimed, await queue.ClaimAsync(Seeded[name].Id, "agent-" + name));
            Assert.Null(await queue.RecordOutcomeAsync(Seeded[name].Id, "agent-" + name, outcome, $"note for {name}"));
        }
    }

    private async Task SeedAsync()
    {
        await BookAsync("A", "0470 70 00 01", 10, 0, Language.Nl, Needs.None, FrontEnd.Web);
        await BookAsync("B", "0470 70 00 02", 10, 0, Language.Fr, new Needs { Hearing = true }, FrontEnd.Sms);
        await BookAsync("C", "0470 70 00 03", 10, 15, Language.De, new Needs { MoreTime = true }, FrontEnd.Api);
        await BookAsync("D", "0470 70 00 04", 10, 30, Language.En, new Needs { OtherLanguage = "Arabic" }, FrontEnd.Web);
        await BookAsync("E", "0470 70 00 05", 11, 0, Language.Nl, Needs.None, FrontEnd.Web);
        await BookAsync("F", "0470 70 00 06", 11, 15, Language.Fr, new Needs { Hearing = true, Reading = true }, FrontEnd.Web);
        Clock.Reset(TestClock.Brussels(2026, 12, 1, 9));
        await using (var db = Database.NewContext())
        {
            await db.Bookings.Where(b => b.Id == Seeded["E"].Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.ManageTokenHash, ManageToken.Hash("e-token")));
            Assert.IsType<BookingOutcome.Done>(await NewService(db).CancelAsync(Seeded["E"].Reference, "e-token"));
        }

        Clock.Reset(TestClock.Brussels(2026, 12, 2, 11, 40));
        await using (var db = Database.NewContext())
        {
            await NewQueue(db).EnterDueAsync();
        }
        await OutcomeAsync("A", CallOutcome.Helped);
        await OutcomeAsync("B", CallOutcome.NoAnswer, CallOutcome.Helped);
        await OutcomeAsync("C", CallOutcome.NoAnswer, CallOutcome.NoAnswer);
        await OutcomeAsync("D", CallOutcome.WrongNumber);
        await OutcomeAsync("F", CallOutcome.NeedsFollowUp);

        await using (var db = Database.NewContext())
        {
            var feedback = new FeedbackService(db, Clock);
            Assert.Equal(FeedbackResult.Saved, await feedback.ReceiveAsync(Seeded["A"].Id, FeedbackSource.Sms, FeedbackReply.Parse("5 heel vriendelijk, bedankt")));
            Assert.Equal(FeedbackResult.Saved, await feedback.ReceiveAsync(Seeded["B"].Id, FeedbackSource.Web, FeedbackReply.From(3, "=HYPERLINK(\"x\") trop long au téléphone")));
            var thanks = await db.OutboundMessages.Where(m => m.Kind == MessageKind.ThankYou).OrderBy(m => m.To).ToListAsync();
            Assert.Equal(2, thanks.Count);
            await db.OutboundMessages.Where(m => m.Id == thanks[0].Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, DeliveryStatus.Delivered).SetProperty(m => m.StatusAt, Clock.GetCurrentInstant()));
            await db.OutboundMessages.Where(m => m.Id == thanks[1].Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, DeliveryStatus.Failed).SetProperty(m => m.StatusAt, Clock.GetCurrentInstant()));
        }
        Clock.Reset(TestClock.Brussels(2026, 12, 2, 17));
    }

    private async Task<IReadOnlyList<PeriodFigures>> FiguresAsync(Grouping grouping)
    {
        await using var db = Database.NewContext();
        return await new Dashboard(db, Calendar, Clock).FiguresAsync(new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 6), grouping);
    }

    [Fact]
    public async Task The_day_figures_count_bookings_by_front_end_need_and_language_on_the_day_they_were_made()
    {
        var tuesday = (await FiguresAsync(Grouping.Day)).Single(p => p.Start == Tuesday);
        Assert.Equal((4, 1, 1, 6), (tuesday.Bookings[FrontEnd.Web], tuesday.Bookings[FrontEnd.Sms], tuesday.Bookings[FrontEnd.Api], tuesday.BookingsMade));
        Assert.Equal((2, 2, 1, 1), (tuesday.Languages[Language.Nl], tuesday.Languages[Language.Fr], tuesday.Languages[Language.De], tuesday.Languages[Language.En]));
        Assert.Equal((2, 2, 1, 1, 1, 0), (tuesday.Needs["None"], tuesday.Needs["Hearing"], tuesday.Needs["MoreTime"], tuesday.Needs["OtherLanguage"], tuesday.Needs["Reading"], tuesday.Needs["Sight"]));
        Assert.Equal(1, tuesday.Cancelled);
        Assert.Equal(0, tuesday.Calls);
    }

    [Fact]
    public async Task The_day_figures_count_calls_outcomes_ratings_and_messages_on_the_day_of_the_call()
    {
        var wednesday = (await FiguresAsync(Grouping.Day)).Single(p => p.Start == Wednesday);
        Assert.Equal(0, wednesday.BookingsMade);
        Assert.Equal((5, 3, 2, 1, 1, 0), (wednesday.Calls, wednesday.Reached, wednesday.ReachedFirstTry, wednesday.Unreached, wednesday.WrongNumber, wednesday.Open));
        Assert.Equal((2, 4.0), (wednesday.Ratings, wednesday.AverageRating));
        Assert.Equal((1, 1), wednesday.Messages[Channel.Sms]);
        Assert.Equal((1, 2, 1, 1, 1), (wednesday.CallsByNeed["None"], wednesday.CallsByNeed["Hearing"], wednesday.CallsByNeed["MoreTime"], wednesday.CallsByNeed["OtherLanguage"], wednesday.CallsByNeed["Reading"]));
        Assert.Equal((0, 0, 1, 1), (wednesday.NotReachedByNeed["None"], wednesday.NotReachedByNeed["Hearing"], wednesday.NotReachedByNeed["MoreTime"], wednesday.NotReachedByNeed["OtherLanguage"]));
    }

    [Fact]
    public async Task The_week_figures_add_up_the_days()
    {
        var weeks = await FiguresAsync(Grouping.Week);
        var week = Assert.Single(weeks);
        Assert.Equal((new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 6)), (week.Start, week.End));
        Assert.Equal((6, 5, 3, 2, 1, 1, 1, 2), (week.BookingsMade, week.Calls, week.Reached, week.ReachedFirstTry, week.Unreached, week.WrongNumber, week.Cancelled, week.Ratings));
    }

    private FeedbackReview Review(AlloDbContext db) => new(db, Calendar, new AccessLog(db, Clock));

    private async Task<IReadOnlyList<FeedbackRow>> FeedbackAsync(FeedbackFilter filter)
    {
        await using var db = Database.NewContext();
        return (await Review(db).ListAsync(filter, 1, "manager-1")).Rows;
    }

    [Fact]
    public async Task Feedback_is_filtered_by_agent_source_language_need_words_and_period()
    {
        Assert.Equal(2, (await FeedbackAsync(new FeedbackFilter())).Count);
        Assert.Equal(Seeded["A"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { AgentId = "agent-A" })).Reference);
        Assert.Equal(Seeded["B"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { Source = FeedbackSource.Web })).Reference);
        Assert.Equal(Seeded["B"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { Language = Language.Fr })).Reference);
        Assert.Equal(Seeded["B"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { Need = "Hearing" })).Reference);
        Assert.Equal(Seeded["A"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { Need = NeedNames.None })).Reference);
        Assert.Equal(Seeded["A"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { Search = "VRIENDELIJK" })).Reference);
        Assert.Empty(await FeedbackAsync(new FeedbackFilter { From = new LocalDate(2026, 12, 3) }));
        Assert.Equal(2, (await FeedbackAsync(new FeedbackFilter { From = Wednesday, To = Wednesday })).Count);
    }

    private async Task<List<AccessLogEntry>> AccessLogAsync()
    {
        await using var db = Database.NewContext();
        return await db.AccessLog.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Listing_feedback_records_one_review_entry_per_booking_shown_with_the_manager_and_the_time()
    {
        var rows = await FeedbackAsync(new FeedbackFilter());
        var entries = await AccessLogAsync();
        Assert.Equal(rows.Select(r => r.Reference).Order(), entries.Select(e => e.Reference).Order());
        Assert.All(entries, e => Assert.Equal(("manager-1", AccessReason.Review, Clock.GetCurrentInstant()), (e.StaffId, e.Reason, e.At)));
        Assert.Equal(new[] { Seeded["A"].Id, Seeded["B"].Id }.Order(), entries.Select(e => e.BookingId).Order());
    }

    [Fact]
    public async Task An_empty_feedback_selection_records_nothing()
    {
        Assert.Empty(await FeedbackAsync(new FeedbackFilter { From = new LocalDate(2026, 12, 3) }));
        Assert.Empty(await AccessLogAsync());
    }

    [Fact]
    public async Task The_csv_export_records_one_export_entry_per_booking_in_the_file()
    {
        await using (var db = Database.NewContext())
        {
            await Review(db).WriteCsvAsync(new FeedbackFilter(), new Dictionary<string, string>(), new StringWriter(), "manager-1");
        }
        var entries = await AccessLogAsync();
        Assert.Equal(new[] { Seeded["A"].Reference, Seeded["B"].Reference }.Order(), entries.Select(e => e.Reference).Order());
        Assert.All(entries, e => Assert.Equal(("manager-1", AccessReason.Export), (e.StaffId, e.Reason)));
    }

    [Fact]
    public async Task Handled_feedback_is_marked_with_who_and_when_and_filtered()
    {
        var row = (await FeedbackAsync(new FeedbackFilter { AgentId = "agent-A" })).Single();
        await using (var db = Database.NewContext())
        {
            Assert.True(await Review(db).MarkHandledAsync(row.Feedback.Id, "manager-1", Clock.GetCurrentInstant()));
        }
        var handled = Assert.Single(await FeedbackAsync(new FeedbackFilter { Handled = true }));
        Assert.Equal(("manager-1", Clock.GetCurrentInstant()), (handled.Feedback.HandledBy, handled.Feedback.HandledAt));
        Assert.Equal(Seeded["B"].Reference, Assert.Single(await FeedbackAsync(new FeedbackFilter { Handled = false })).Reference);
    }

    [Fact]
    public async Task The_csv_export_parses_back_with_every_row_and_a_formula_defused()
    {
        var text = new StringWriter();
        await using (var db = Database.NewContext())
        {
            await Review(db).WriteCsvAsync(new FeedbackFilter(), new Dictionary<string, string> { ["agent-A"] = "Ann" }, text, "manager-1");
        }
        var rows = new List<Dictionary<string, string>>();
        using (var csv = CsvReader.FromText(text.ToString()))
        {
            while (csv.Read())
            {
                rows.Add(FeedbackReview.CsvHeader.ToDictionary(h => h, h => csv.GetString(h)));
            }
        }
        Assert.Equal(2, rows.Count);
        var b = rows.Single(r => r["reference"] == Seeded["B"].Reference);
        Assert.Equal(("3", "Web", "fr", "Hearing", "Sms"), (b["rating"], b["source"], b["language"], b["needs"], b["front_end"]));
        Assert.DoesNotMatch("^[=+@-]", b["words"]);
        Assert.Contains("trop long au téléphone", b["words"]);
        var a = rows.Single(r => r["reference"] == Seeded["A"].Reference);
        Assert.Equal(("5", "heel vriendelijk, bedankt", "Ann", "2026-12-02 10:00"), (a["rating"], a["words"], a["agent"], a["call"]));
    }
}

public sealed class SqliteManagerFiguresTests() : ManagerFiguresTests(DatabaseProvider.Sqlite);

public sealed class PostgresManagerFiguresTests() : ManagerFiguresTests(DatabaseProvider.Postgres);
