using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Options;
using Allo.Scheduler.Tests.Waitlist;
using Allo.Scheduler.Voice;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Tests.Voice;

/// <summary>Joining the waitlist from the phone menu: 9 after the times, one question on the part of the day, and the spoken confirmation.</summary>
public abstract class VoiceWaitlistTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    private const string Mobile = "+32470330001", Landline = "+3225113301";

    private VoiceWords Words => new(TestTexts.For(Calendar, Settings, Clock), Calendar);

    /// <summary>One caller: each key goes to the turn the last answer asked for, each request in its own context as on the server.</summary>
    private sealed class Caller(VoiceWaitlistTests test, string from)
    {
        private readonly string _sid = $"CA{Guid.NewGuid():N}";
        public VoiceReply Last { get; private set; } = null!;
        public string Said => string.Join(" ", Last.Lines.Select(l => l.Text));

        public async Task<VoiceReply> PressAsync(string? digits)
        {
            await using var db = test.Database.NewContext();
            var conversations = new VoiceConversations(db, test.NewService(db), test.Words, Calendar, test.Signal, test.Clock, test.NewWaitlist(db));
            return Last = await conversations.HandleAsync(_sid, Last?.NextTurn ?? 0, from, digits);
        }

        /// <summary>Dutch, the caller's own number, no needs: the first free times are said.</summary>
        public async Task ToTimesAsync()
        {
            await PressAsync(null);
            await PressAsync("1");
            await PressAsync("1");
            await PressAsync("1");
        }
    }

    private string Say(string key, params object[] values) => Words.Say(Language.Nl, key, values).Text;

    private (string First, string Last) BookableDays()
    {
        var bookable = Calendar.BookableDates(Clock.GetCurrentInstant());
        return (Words.Day(Language.Nl, bookable.Start), Words.Day(Language.Nl, bookable.End));
    }

    private async Task<List<WaitlistEntry>> EntriesAsync()
    {
        await using var db = Database.NewContext();
        return await db.WaitlistEntries.AsNoTracking().ToListAsync();
    }

    private async Task<int> MessagesAsync()
    {
        await using var db = Database.NewContext();
        return await db.OutboundMessages.CountAsync();
    }

    [Fact]
    public async Task Nine_after_the_times_and_1_for_mornings_joins_a_mobile_for_every_bookable_day_and_says_offers_come_by_text_with_no_message_sent()
    {
        var caller = new Caller(this, Mobile);
        await caller.ToTimesAsync();
        Assert.Contains(Say("Ivr.WaitlistKey"), caller.Said);
        var messages = await MessagesAsync();
        var (first, last) = BookableDays();

        await caller.PressAsync("9");
        Assert.Equal(Say("Ivr.WaitlistParts", first, last), caller.Said);
        Assert.Equal(KeyInput.OneKey, caller.Last.Listen);
        await caller.PressAsync("1");

        Assert.Equal(Say("Ivr.WaitlistJoined.Sms", first, last), caller.Said);
        Assert.True(caller.Last.Hangup);
        var entry = Assert.Single(await EntriesAsync());
        var bookable = Calendar.BookableDates(Clock.GetCurrentInstant());
        Assert.Equal((Mobile, WaitlistStatus.Waiting, DayParts.Morning, FrontEnd.Phone, Language.Nl), (entry.PhoneE164, entry.Status, entry.Parts, entry.FrontEnd, entry.Language));
        Assert.Equal((bookable.Start, bookable.End), (entry.FirstDay, entry.LastDay));
        Assert.Equal(messages, await MessagesAsync());
    }

    [Fact]
    public async Task A_landline_that_joins_for_either_part_of_the_day_hears_that_the_offer_comes_by_a_call_to_this_number()
    {
        var caller = new Caller(this, Landline);
        await caller.ToTimesAsync();
        await caller.PressAsync("9");
        await caller.PressAsync("3");

        var (first, last) = BookableDays();
        Assert.Equal(Say("Ivr.WaitlistJoined.Voice", first, last), caller.Said);
        Assert.Equal(DayParts.Any, Assert.Single(await EntriesAsync()).Parts);
    }

    [Fact]
    public async Task A_caller_already_in_line_who_presses_9_hears_their_days_and_no_second_place_is_made()
    {
        await JoinAsync(Mobile);
        var caller = new Caller(this, Mobile);
        await caller.ToTimesAsync();

        await caller.PressAsync("9");

        Assert.Equal(Say("Ivr.WaitlistAlready", Words.Day(Language.Nl, Wednesday), Words.Day(Language.Nl, Wednesday)), caller.Said);
        Assert.True(caller.Last.Hangup);
        Assert.Single(await EntriesAsync());
    }

    [Fact]
    public async Task A_wrong_key_at_the_part_of_the_day_asks_once_more_and_joins_nobody()
    {
        var caller = new Caller(this, Mobile);
        await caller.ToTimesAsync();
        await caller.PressAsync("9");

        await caller.PressAsync("7");

        Assert.StartsWith(Say("Ivr.Again"), caller.Said);
        Assert.Contains(Say("Ivr.WaitlistParts", BookableDays().First, BookableDays().Last), caller.Said);
        Assert.Empty(await EntriesAsync());
    }

    [Fact]
    public async Task A_caller_moving_their_call_is_not_offered_the_waitlist_and_9_is_a_wrong_key()
    {
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(TestClock.Brussels(2026, 12, 3, 14), Mobile)));
        var caller = new Caller(this, Mobile);
        await caller.PressAsync(null);
        await caller.PressAsync("2");
        Assert.DoesNotContain(Say("Ivr.WaitlistKey"), caller.Said);

        await caller.PressAsync("9");

        Assert.StartsWith(Say("Ivr.Again"), caller.Said);
        Assert.Empty(await EntriesAsync());
    }
}

public sealed class SqliteVoiceWaitlistTests() : VoiceWaitlistTests(DatabaseProvider.Sqlite);

public sealed class PostgresVoiceWaitlistTests() : VoiceWaitlistTests(DatabaseProvider.Postgres);
