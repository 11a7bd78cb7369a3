using Allo.Domain;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Texting;

/// <summary>
/// Conversations keep the citizen's language, read times, dates and typos, and never act on a "not".
/// Against a real database, once per provider; the clock stands on Tuesday 1 December 2026, 08:00.
/// </summary>
public abstract class TextUnderstandingConversationTests(DatabaseProvider provider) : TextConversationTestBase(provider)
{
    [Fact]
    public async Task Texts_that_tell_no_language_get_dutch_and_french_every_time_until_one_does()
    {
        const string phone = "+32470700001";
        foreach (var text in new[] { "allo?", "c'est quoi ce numéro", "???" })
        {
            var reply = await TextAsync(phone, text);
            Assert.Contains("AFSPRAAK", reply);
            Assert.Contains("RDV", reply);
        }
        Assert.Null(await QueryAsync(db => db.TextConversations.AsNoTracking().Where(c => c.Phone == phone).Select(c => c.Language).SingleAsync()));

        Assert.StartsWith("Moments libres", await TextAsync(phone, "RDV"));
        Assert.StartsWith("Moments libres", await TextAsync(phone, "hein?"));
    }

    [Fact]
    public async Task A_greeting_answers_in_its_language()
    {
        Assert.StartsWith(SmsSegments.ToGsm7("Désolé, nous n'avons pas compris"), await TextAsync("+32470700002", "Bonjour"));
        Assert.StartsWith(SmsSegments.ToGsm7("Désolé, nous n'avons pas compris"), await TextAsync("+32470700002", "???"));
    }

    [Theory]
    [InlineData("TERMIN", "storno", "ja", "Ihr Anruf am", true)]
    [InlineData("TERMIN", "storno", "non", "OK, Ihr Anruf am", false)]
    [InlineData("RDV", "annuler", "yes", "Votre appel du", true)]
    [InlineData("RDV", "annuler", "nein", "D'accord, votre appel", false)]
    [InlineData("book", "cancel", "oui", "Your call of", true)]
    [InlineData("book", "cancel", "nee", "OK, your call of", false)]
    [InlineData("afspraak", "annuleer", "yes", "Uw gesprek van", true)]
    [InlineData("afspraak", "annuleer", "no", "OK, uw gesprek van", false)]
    public async Task Yes_and_no_in_any_language_answer_the_question_in_the_conversations_language(string book, string cancel, string answer, string replyStart, bool cancelled)
    {
        const string phone = "+32470700003";
        await BookAsync(phone, book);
        await TextAsync(phone, cancel);
        Assert.StartsWith(replyStart, await TextAsync(phone, answer));
        Assert.Equal(cancelled, await ActiveAsync(phone) is null);
    }

    [Theory]
    [InlineData("afspraak", "Ik wil niet annuleren", "Begrepen, uw gesprek van")]
    [InlineData("RDV", "pas annuler", "Compris, votre appel du")]
    [InlineData("Termin", "bitte nicht stornieren", "Verstanden, Ihr Anruf am")]
    [InlineData("book", "I don't want to cancel", "Understood, your call of")]
    public async Task A_negated_cancel_cancels_nothing_and_asks_what_they_want_even_when_asked_to_confirm(string book, string negated, string replyStart)
    {
        const string phone = "+32470700004";
        await BookAsync(phone, book);
        Assert.StartsWith(replyStart, await TextAsync(phone, negated));
        await TextAsync(phone, "ja");
        Assert.NotNull(await ActiveAsync(phone));

        // In the middle of the yes/no question too: the question ends, so a later "yes" cancels nothing.
        await TextAsync(phone, "annuleer");
        Assert.StartsWith(replyStart, await TextAsync(phone, negated));
        await TextAsync(phone, "yes");
        Assert.NotNull(await ActiveAsync(phone));
    }

    [Theory]
    [InlineData("geen afspraak", "Begrepen, we doen niets")]
    [InlineData("pas de rdv", "Compris, nous ne faisons rien")]
    [InlineData("keinen Termin", "Verstanden, wir tun nichts")]
    [InlineData("don't book", "Understood, we change nothing")]
    public async Task A_negated_keyword_without_a_call_books_nothing(string text, string replyStart)
    {
        Assert.StartsWith(replyStart, await TextAsync("+32470700005", text));
        Assert.Equal(0, await QueryAsync(db => db.Bookings.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.TextConversations.CountAsync(c => c.Offered != null)));
    }

    [Theory]
    [InlineData("afspraak morgen 14u30", 2, 14, 30)]
    [InlineData("rdv le 10 décembre à 10h", 10, 10, 0)]
    [InlineData("Termin 3.12. um 9:45 Uhr", 3, 9, 45)]
    [InlineData("BOOOK tomorrow 3pm", 2, 15, 0)]
    public async Task A_named_free_time_is_offered_first(string text, int day, int hour, int minute)
    {
        const string phone = "+32470700006";
        Assert.DoesNotContain("niet vrij", await TextAsync(phone, text));
        var offered = await OfferedAsync(phone);
        Assert.Equal(3, offered.Count);
        Assert.Equal(TestClock.Brussels(2026, 12, day, hour, minute), offered[0]);
        Assert.All(offered, o => Assert.Equal(day, o.InZone(Calendar.Zone).Day));
    }

    [Fact]
    public async Task A_named_time_that_is_taken_gets_the_nearest_free_times_that_day()
    {
        const string phone = "+32470700007";
        // No agents from 14:00 to 15:00 on Wednesdays: 14:30 tomorrow is not free, nor is any other Wednesday's.
        await SetSeatsAsync(TestClock.Brussels(2026, 12, 2, 14, 30), 0);
        var reply = await TextAsync(phone, "afspraak morgen 14u30");
        Assert.StartsWith("14:30 is niet vrij. Dichtstbij: 1) ", reply);
        Assert.Equal([TestClock.Brussels(2026, 12, 2, 13, 45), TestClock.Brussels(2026, 12, 2, 15, 0), TestClock.Brussels(2026, 12, 2, 15, 15)], await OfferedAsync(phone));

        Assert.StartsWith("Geboekt: ", await TextAsync(phone, "2"));
        Assert.Equal(TestClock.Brussels(2026, 12, 2, 15, 0), (await ActiveAsync(phone))!.SlotStart);
    }

    [Theory]
    [InlineData("rdv demain 14h37", "14:37 n'est pas libre")]
    [InlineData("book tomorrow 9pm", "21:00 is not free")]
    public async Task A_time_that_is_no_slot_start_gets_a_friendly_reply_with_the_nearest(string text, string replyStart)
    {
        Assert.StartsWith(replyStart, await TextAsync("+32470700008", text));
        Assert.Equal(3, (await OfferedAsync("+32470700008")).Count);
        Assert.Equal(0, await QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_date_when_the_service_is_closed_is_told_no_free_time_fits()
    {
        // 12 December 2026 is a Saturday.
        Assert.StartsWith("Keine freie Zeit passt", await TextAsync("+32470700009", "Termin am 12/12"));
    }

    [Fact]
    public async Task A_day_or_time_instead_of_a_number_offers_times_for_it()
    {
        const string phone = "+32470700010";
        await TextAsync(phone, "afspraak");
        Assert.StartsWith("Vrije momenten", await TextAsync(phone, "liever donderdag 15u"));
        Assert.Equal(TestClock.Brussels(2026, 12, 3, 15, 0), (await OfferedAsync(phone))[0]);
        Assert.Equal(0, await QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task A_keyword_typo_that_tells_no_language_offers_nothing_and_asks_in_dutch_and_french()
    {
        // "BOK" is as near to BOOK as to BOEK: the call's language would be a guess.
        var reply = await TextAsync("+32470700012", "BOK");
        Assert.Contains("AFSPRAAK", reply);
        Assert.Contains("RDV", reply);
        Assert.Equal(0, await QueryAsync(db => db.TextConversations.CountAsync(c => c.Offered != null)));
        Assert.StartsWith("Free times", await TextAsync("+32470700012", "BOOOK"));
    }

    [Theory]
    [InlineData("٣pm ١٢/١٢")]
    [InlineData("31/31/31 99:99 25u")]
    [InlineData("not not not cancel")]
    [InlineData("le 0 janvier à 0h")]
    [InlineData("🙂 rdv 🙂 le 99 décembre")]
    public async Task Odd_texts_get_a_reply_and_change_nothing(string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(await TextAsync("+32470700011", text)));
        Assert.Equal(0, await QueryAsync(db => db.Bookings.CountAsync()));
    }

    private async Task BookAsync(string phone, string keyword)
    {
        await TextAsync(phone, keyword);
        await TextAsync(phone, "1");
        await TextAsync(phone, "0");
        Assert.NotNull(await ActiveAsync(phone));
    }
}

public sealed class SqliteTextUnderstandingConversationTests() : TextUnderstandingConversationTests(DatabaseProvider.Sqlite);

public sealed class PostgresTextUnderstandingConversationTests() : TextUnderstandingConversationTests(DatabaseProvider.Postgres);
