using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Domain.Feedback;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Scheduler.Tests.Calls;

/// <summary>The agents' queue against a real database; run once per provider by the classes below.</summary>
public abstract class CallQueueTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    /// <summary>The agents these tests name; they speak every language, so routing never hides a call from them.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var agent in new[] { "ann", "bert" })
        {
            await TestAgents.AddAsync(Database, agent);
        }
    }

    protected async Task<Booking> BookAsync(string phone, Instant? start = null, string? email = null, string language = "nl")
    {
        await using var db = Database.NewContext();
        var outcome = await NewService(db).BookAsync(new BookingInput
        {
            SlotStart = SlotTimes.Format(start ?? TestClock.Wednesday1000, Calendar.Zone),
            Phone = phone,
            Language = language,
            Email = email,
        });
        return Assert.IsType<BookingOutcome.Done>(outcome).Booking;
    }

    protected async Task<T> WithQueue<T>(Func<CallQueue, Task<T>> act)
    {
        await using var db = Database.NewContext();
        return await act(NewQueue(db));
    }

    protected async Task<Booking> ReloadAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id);
    }

    protected async Task<List<OutboundMessage>> MessagesAsync(Guid id)
    {
        await using var db = Database.NewContext();
        return await db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == id).ToListAsync();
    }

    /// <summary>Booked, slot time reached, queued and claimed by <paramref name="agent"/>.</summary>
    protected async Task<Booking> ClaimedAsync(string phone, string agent = "ann", string? email = null)
    {
        var booking = await BookAsync(phone, email: email);
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        await WithQueue(q => q.EnterDueAsync());
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(booking.Id, agent)));
        return booking;
    }

    [Fact]
    public async Task A_booked_call_enters_the_queue_at_its_slot_time_and_not_before()
    {
        var booking = await BookAsync("0470 10 00 01");
        Clock.Reset(TestClock.Wednesday1000 - Duration.FromMinutes(1));
        Assert.Equal(0, await WithQueue(q => q.EnterDueAsync()));
        var before = await WithQueue(q => q.ViewAsync("ann"));
        Assert.Empty(before.DueNow);
        Assert.Contains(before.Next, i => i.Id == booking.Id);

        Clock.Reset(TestClock.Wednesday1000);
        Assert.Equal(1, await WithQueue(q => q.EnterDueAsync()));
        Assert.Equal(0, await WithQueue(q => q.EnterDueAsync()));
        var after = await WithQueue(q => q.ViewAsync("ann"));
        var item = Assert.Single(after.DueNow);
        Assert.Equal((booking.Reference, BookingStatus.Queued, TestClock.Wednesday1000), (item.Reference, item.Status, item.WaitingSince));
        Assert.Empty(after.Next);
    }

    [Fact]
    public async Task The_queue_lists_due_calls_in_slot_order_then_longest_wait()
    {
        var early = await BookAsync("0470 10 00 02", TestClock.Wednesday1000);
        var late = await BookAsync("0470 10 00 03", TestClock.Wednesday1000 + Duration.FromMinutes(15));
        var alsoEarly = await BookAsync("0470 10 00 04", TestClock.Wednesday1000);
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(20));
        await WithQueue(q => q.EnterDueAsync());
        // A second try of the same slot waits longer than the first try of the other: both keep their slot order.
        var due = (await WithQueue(q => q.ViewAsync("ann"))).DueNow.Select(i => i.Id).ToList();
        Assert.Equal(3, due.Count);
        Assert.Equal(late.Id, due[2]);
        Assert.Equal(new[] { early.Id, alsoEarly.Id }.Order(), due.Take(2).Order());
    }

    [Fact]
    public async Task A_claimed_call_leaves_the_others_queue_and_returns_when_the_claim_expires()
    {
        var booking = await ClaimedAsync("0470 10 00 05", "ann");
        var bert = await WithQueue(q => q.ViewAsync("bert"));
        Assert.Empty(bert.DueNow);
        Assert.Equal(1, bert.HeldByOthers);
        Assert.Equal(ClaimResult.TakenByOther, await WithQueue(q => q.ClaimAsync(booking.Id, "bert")));
        Assert.Single((await WithQueue(q => q.ViewAsync("ann"))).Mine);

        Clock.Advance(new CallPolicy().ClaimHold);
        Assert.Single((await WithQueue(q => q.ViewAsync("bert"))).DueNow);
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(booking.Id, "bert")));
        // Ann's claim lapsed and Bert took it: what she records now is refused and changes nothing.
        Assert.Equal(BookingProblem.NotClaimed, await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.Helped, null)));
        Assert.Equal(BookingStatus.Queued, (await ReloadAsync(booking.Id)).Status);
    }

    [Fact]
    public async Task Helped_closes_the_call_records_the_agent_and_writes_one_thank_you_on_the_first_channel()
    {
        var booking = await ClaimedAsync("0470 10 00 06", "ann");
        Assert.Null(await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.Helped, "Filled in box 1384")));
        var closed = await ReloadAsync(booking.Id);
        Assert.Equal(BookingStatus.Helped, closed.Status);
        var thankYou = Assert.Single(await MessagesAsync(booking.Id), m => m.Kind == MessageKind.ThankYou);
        Assert.Equal((Channel.Sms, "+32470100006", closed.Sequence), (thankYou.Channel, thankYou.To, thankYou.BookingSequence));
        Assert.Contains(Signal.Messages, m => m.Id == thankYou.Id);
        await using var db = Database.NewContext();
        var record = await db.CallRecords.SingleAsync(r => r.BookingId == booking.Id);
        Assert.Equal((CallOutcome.Helped, "ann", "Filled in box 1384", 1), (record.Outcome, record.AgentId, record.Note, record.Attempt));
        // The number may book again: the call is no longer its active booking.
        await BookAsync("0470 10 00 06", TestClock.Wednesday1000 + Duration.FromDays(1));
    }

    [Fact]
    public async Task No_answer_twice_gives_a_second_try_in_the_slot_then_an_offer_to_book_again()
    {
        var booking = await ClaimedAsync("0470 10 00 07", "ann");
        Assert.Null(await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.NoAnswer, null)));
        var waiting = await WithQueue(q => q.ViewAsync("bert"));
        Assert.Empty(waiting.DueNow);
        var retry = Assert.Single(waiting.Next);
        Assert.Equal((1, TestClock.Wednesday1000 + Duration.FromMinutes(6)), (retry.Attempts, retry.NextTryAt));
        Assert.DoesNotContain(await MessagesAsync(booking.Id), m => m.Kind == MessageKind.BookAgain);

        Clock.Advance(Duration.FromMinutes(5));
        Assert.Single((await WithQueue(q => q.ViewAsync("bert"))).DueNow);
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(booking.Id, "bert")));
        Assert.Null(await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "bert", CallOutcome.NoAnswer, null)));
        Assert.Equal(BookingStatus.Unreached, (await ReloadAsync(booking.Id)).Status);
        Assert.Single(await MessagesAsync(booking.Id), m => m.Kind == MessageKind.BookAgain && m.Channel == Channel.Sms);
    }

    [Fact]
    public async Task A_wrong_number_is_never_texted_again_and_an_email_offers_to_book_again()
    {
        var withEmail = await ClaimedAsync("0470 10 00 08", "ann", email: "lea@example.be");
        await WithQueue(q => q.RecordOutcomeAsync(withEmail.Id, "ann", CallOutcome.WrongNumber, "A bakery answered"));
        var after = (await MessagesAsync(withEmail.Id)).Where(m => m.Kind == MessageKind.BookAgain).ToList();
        Assert.Equal((Channel.Email, "lea@example.be"), (Assert.Single(after).Channel, after[0].To));
        Assert.Equal(BookingStatus.WrongNumber, (await ReloadAsync(withEmail.Id)).Status);
    }

    [Fact]
    public async Task A_wrong_number_without_email_sends_nothing()
    {
        var booking = await ClaimedAsync("0470 10 00 09", "ann");
        await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.WrongNumber, null));
        Assert.DoesNotContain(await MessagesAsync(booking.Id), m => m.Kind == MessageKind.BookAgain);
    }

    [Fact]
    public async Task Closing_a_call_withdraws_a_heads_up_still_waiting_to_be_sent()
    {
        var booking = await BookAsync("0470 10 00 10");
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        await WithQueue(q => q.EnterDueAsync());
        await WithQueue(q => q.ClaimAsync(booking.Id, "ann"));
        Assert.Contains(await MessagesAsync(booking.Id), m => m.Kind == MessageKind.HeadsUp && m.Status == DeliveryStatus.Queued);
        await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.NeedsFollowUp, "Needs the 2019 file"));
        Assert.DoesNotContain(await MessagesAsync(booking.Id), m => m.Status == DeliveryStatus.Queued && m.Kind != MessageKind.ThankYou);
        Assert.Equal(BookingStatus.NeedsFollowUp, (await ReloadAsync(booking.Id)).Status);
    }

    [Fact]
    public async Task Another_time_moves_the_call_its_seats_and_its_reminders_and_records_the_try()
    {
        var booking = await ClaimedAsync("0470 10 00 11", "ann");
        var thursday14 = TestClock.Brussels(2026, 12, 3, 14);
        await using (var db = Database.NewContext())
        {
            var outcome = await NewService(db).RescheduleAsync(booking.Id, "ann", "After work", SlotTimes.Format(thursday14, Calendar.Zone));
            Assert.IsType<BookingOutcome.Done>(outcome);
        }
        var moved = await ReloadAsync(booking.Id);
        Assert.Equal((BookingStatus.Booked, thursday14, 0), (moved.Status, moved.SlotStart, moved.CallAttempts));
        await using (var db = Database.NewContext())
        {
            Assert.Equal(new[] { thursday14 }, await db.SeatClaims.Where(c => c.BookingId == booking.Id).Select(c => c.SlotStart).ToListAsync());
            Assert.Equal(CallOutcome.AnotherTime, (await db.CallRecords.SingleAsync(r => r.BookingId == booking.Id)).Outcome);
        }
        var messages = await MessagesAsync(booking.Id);
        Assert.Contains(messages, m => m.Kind == MessageKind.Moved && m.BookingSequence == moved.Sequence);
        Assert.Contains(messages, m => m.Kind == MessageKind.ReminderHourBefore && m.BookingSequence == moved.Sequence);
    }

    [Fact]
    public async Task Another_time_by_an_agent_who_does_not_hold_the_call_changes_nothing()
    {
        var booking = await ClaimedAsync("0470 10 00 12", "ann");
        await using var db = Database.NewContext();
        var outcome = await NewService(db).RescheduleAsync(booking.Id, "bert", null, SlotTimes.Format(TestClock.Brussels(2026, 12, 3, 14), Calendar.Zone));
        Assert.Equal("Error.Booking.NotClaimed", Assert.IsType<BookingOutcome.Refused>(outcome).MessageKey);
        Assert.Equal(TestClock.Wednesday1000, (await ReloadAsync(booking.Id)).SlotStart);
    }

    [Fact]
    public async Task The_agents_day_shows_what_they_hold_and_every_try_they_recorded()
    {
        var later = await BookAsync("0470 10 00 14", TestClock.Wednesday1000 + Duration.FromHours(4));
        var helped = await ClaimedAsync("0470 10 00 13", "ann");
        await WithQueue(q => q.RecordOutcomeAsync(helped.Id, "ann", CallOutcome.Helped, null));
        Assert.Equal(ClaimResult.Claimed, await WithQueue(q => q.ClaimAsync(later.Id, "ann")));
        var day = await WithQueue(q => q.DayAsync("ann", new LocalDate(2026, 12, 2)));
        Assert.Equal(later.Id, Assert.Single(day.Holding).Id);
        Assert.Equal((helped.Reference, CallOutcome.Helped), (Assert.Single(day.Done).Reference, day.Done[0].Record.Outcome));
        Assert.Empty((await WithQueue(q => q.DayAsync("bert", new LocalDate(2026, 12, 2)))).Done);
    }

    [Fact]
    public async Task Feedback_by_key_text_and_page_is_stored_once_per_source_and_only_for_a_helped_call()
    {
        var booking = await ClaimedAsync("0470 10 00 15", "ann");
        await using var db = Database.NewContext();
        var feedback = new FeedbackService(db, Clock);
        Assert.Equal(FeedbackResult.NotAsked, await feedback.ReceiveAsync(booking.Id, FeedbackSource.Web, FeedbackReply.From(5, null)));
        await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.Helped, null));
        var thankYou = Assert.Single(await MessagesAsync(booking.Id), m => m.Kind == MessageKind.ThankYou);

        Assert.Equal(FeedbackResult.Empty, (await feedback.ReceiveKeyAsync(thankYou.Id, "9")).Result);
        Assert.Equal((FeedbackResult.Saved, Domain.Language.Nl), await feedback.ReceiveKeyAsync(thankYou.Id, "4"));
        Assert.Equal(FeedbackResult.Saved, (await feedback.ReceiveKeyAsync(thankYou.Id, "4")).Result);
        Assert.Equal(FeedbackResult.Saved, await feedback.ReceiveAsync(booking.Id, FeedbackSource.Web, FeedbackReply.From(5, "Very patient")));
        Assert.Equal(FeedbackResult.NotAsked, (await feedback.ReceiveKeyAsync(Guid.NewGuid(), "4")).Result);

        var stored = await db.Feedback.AsNoTracking().OrderBy(f => f.Source).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal((4, "ann"), (stored.Single(f => f.Source == FeedbackSource.Voice).Rating, stored[0].AgentId));
        Assert.Equal("Very patient", stored.Single(f => f.Source == FeedbackSource.Web).Words);
    }

    [Fact]
    public async Task Retention_erases_notes_and_feedback_words_but_keeps_outcomes_and_ratings()
    {
        var booking = await ClaimedAsync("0470 10 00 16", "ann");
        await WithQueue(q => q.RecordOutcomeAsync(booking.Id, "ann", CallOutcome.Helped, "Spoke with Mrs Peeters about her pension"));
        await using (var db = Database.NewContext())
        {
            await new FeedbackService(db, Clock).ReceiveAsync(booking.Id, FeedbackSource.Web, FeedbackReply.From(5, "Ask for Ann again"));
        }
        Clock.Advance(Duration.FromDays(31));
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }
        await using (var db = Database.NewContext())
        {
            var record = await db.CallRecords.SingleAsync(r => r.BookingId == booking.Id);
            Assert.Equal((CallOutcome.Helped, (string?)null), (record.Outcome, record.Note));
            var feedback = await db.Feedback.SingleAsync(f => f.BookingId == booking.Id);
            Assert.Equal((5, (string?)null), (feedback.Rating, feedback.Words));
        }
    }
}

public sealed class SqliteCallQueueTests() : CallQueueTests(DatabaseProvider.Sqlite);

public sealed class PostgresCallQueueTests() : CallQueueTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Sixty_agents_claiming_one_callback_at_once_exactly_one_wins()
    {
        var booking = await BookAsync("0470 20 00 01");
        Clock.Reset(TestClock.Wednesday1000 + Duration.FromMinutes(1));
        await WithQueue(q => q.EnterDueAsync());
        foreach (var i in Enumerable.Range(1, 60))
        {
            await TestAgents.AddAsync(Database, $"agent-{i}");
        }
        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(1, 60).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await using var db = Database.NewContext();
            return (Agent: $"agent-{i}", Result: await NewQueue(db).ClaimAsync(booking.Id, $"agent-{i}"));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);
        var winner = Assert.Single(results, r => r.Result == ClaimResult.Claimed);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(ClaimResult.TakenByOther, r.Result));
        Assert.Equal(winner.Agent, (await ReloadAsync(booking.Id)).ClaimedBy);
    }
}
