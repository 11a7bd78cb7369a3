using Allo.Domain.Waitlist;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Texting;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>Joining, answering and leaving the waitlist by text message, on each provider (classes at the end).</summary>
public abstract class TextWaitlistTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    private const string Citizen = "+32470110001";
    private int _sid;

    private async Task<string> TextAsync(string body)
    {
        await using var db = Database.NewContext();
        var texts = TestTexts.For(Calendar, Settings, Clock);
        var conversations = new TextConversations(db, NewService(db), new FeedbackService(db, Clock),
            new TextReplies(texts, Calendar, Settings), Calendar, Signal, Clock, NewWaitlist(db));
        var reply = await conversations.HandleAsync($"SM{Interlocked.Increment(ref _sid):D32}", Citizen, body);
        Assert.True(SmsSegments.Count(reply) == 1, $"more than one segment: {reply}");
        return reply;
    }

    [Fact]
    public async Task WACHTLIJST_woensdag_voormiddag_joins_for_that_morning_and_JA_to_the_offer_books_the_freed_seat()
    {
        var joined = await TextAsync("Wachtlijst woensdag voormiddag");
        Assert.Contains("wachtlijst", joined, StringComparison.OrdinalIgnoreCase);
        var entry = await EntryAsync(Citizen);
        Assert.Equal((Wednesday, Wednesday, DayParts.Morning, Domain.Language.Nl), (entry.FirstDay, entry.LastDay, entry.Parts, entry.Language));

        await CancelAsync(Booked[1]);
        Assert.Equal(1, await SweepAsync());
        var reply = await TextAsync("ja");

        Assert.StartsWith("Geboekt: wo 2 dec 10:15", reply, StringComparison.Ordinal);
        Assert.Equal(WaitlistStatus.Booked, (await EntryAsync(Citizen)).Status);
    }

    [Fact]
    public async Task A_yes_after_the_offer_passed_on_gets_the_polite_too_late_reply_and_books_nothing()
    {
        await TextAsync("WAIT wednesday morning");
        await CancelAsync(Booked[1]);
        await SweepAsync();
        Clock.Advance(WaitlistServiceHold);
        await SweepAsync();

        var reply = await TextAsync("YES");

        Assert.StartsWith("Sorry, that time has gone to the next person", reply, StringComparison.Ordinal);
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(Citizen)).Status);
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.Bookings.CountAsync(b => b.PhoneE164 == Citizen && b.Status == Domain.Bookings.BookingStatus.Booked));
    }

    [Fact]
    public async Task STOP_leaves_the_waitlist_and_gives_the_open_offers_seat_back()
    {
        await TextAsync("ATTENTE mercredi matin");
        await CancelAsync(Booked[1]);
        await SweepAsync();
        Assert.Equal(1, await ClaimsAsync(Wednesday1015));

        var reply = await TextAsync("STOP");

        Assert.StartsWith("Vous n'etes plus sur la liste d'attente", reply, StringComparison.Ordinal);
        Assert.Equal(WaitlistStatus.Left, (await EntryAsync(Citizen)).Status);
        Assert.Equal(0, await ClaimsAsync(Wednesday1015));
    }

    private static Duration WaitlistServiceHold => Scheduler.Waitlist.WaitlistService.OfferHold;
}

public sealed class SqliteTextWaitlistTests() : TextWaitlistTests(DatabaseProvider.Sqlite);

public sealed class PostgresTextWaitlistTests() : TextWaitlistTests(DatabaseProvider.Postgres);
