using Allo.Domain;
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
using Allo.Scheduler.Texting;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Scheduler.Tests.Texting;

/// <summary>Whole conversations by text message against a real database; once per provider.</summary>
public abstract class TextConversationTests(DatabaseProvider provider) : TextConversationTestBase(provider)
{
    [Fact]
    public async Task A_citizen_books_by_text_choosing_a_time_and_answering_the_needs_question()
    {
        var offer = await TextAsync("+32470300001", "Goeiedag, ik wil een afspraak");
        Assert.StartsWith("Vrije momenten: 1) ", offer);
        Assert.Contains("2) ", offer);
        Assert.Contains("3) ", offer);
        var offered = await OfferedAsync("+32470300001");
        Assert.Equal(3, offered.Count);

        var booked = await TextAsync("+32470300001", "2");
        Assert.StartsWith("Geboekt: ", booked);
        Assert.Contains("Hulp nodig?", booked);
        var reference = (await ActiveAsync("+32470300001"))!.Reference;
        Assert.Contains(reference, booked);
        Assert.StartsWith("Genoteerd. ", await TextAsync("+32470300001", "h"));

        var booking = (await ActiveAsync("+32470300001"))!;
        Assert.Equal((offered[1], FrontEnd.Sms, Language.Nl, true), (booking.SlotStart, booking.FrontEnd, booking.Language, booking.Needs.Hearing));
        // The reply was the confirmation by text: no second one is queued for that number; reminders are.
        var messages = await QueryAsync(db => db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == booking.Id).ToListAsync());
        Assert.DoesNotContain(messages, m => m.Kind == MessageKind.Confirmation && m.Channel == Channel.Sms);
        Assert.Contains(messages, m => m.Kind is MessageKind.ReminderDayBefore or MessageKind.ReminderHourBefore);
    }

    [Theory]
    [InlineData("AFSPRAAK", "Vrije momenten")]
    [InlineData("afsprak aub", "Vrije momenten")]
    [InlineData("RDV", "Moments libres")]
    [InlineData("je voudrais un rendez-vous", "Moments libres")]
    [InlineData("rendevous", "Moments libres")]
    [InlineData("Termin bitte", "Freie Zeiten")]
    [InlineData("TERMN", "Freie Zeiten")]
    [InlineData("book", "Free times")]
    [InlineData("I want to book a call", "Free times")]
    [InlineData("HULP", "Belastinghulp per telefoon")]
    [InlineData("aide", "Aide fiscale par téléphone")]
    [InlineData("Hilfe", "Steuerhilfe per Telefon")]
    [InlineData("help", "Tax help by phone")]
    [InlineData("ANNULEER", "Dit nummer heeft geen gesprek")]
    [InlineData("annuler", "Ce numéro n'a pas")]
    [InlineData("Storno", "Für diese Nummer ist kein Anruf")]
    [InlineData("cancel", "This number has no call")]
    [InlineData("VERPLAATS", "Dit nummer heeft geen gesprek")]
    [InlineData("deplacer", "Ce numéro n'a pas")]
    [InlineData("verschieben", "Für diese Nummer ist kein Anruf")]
    [InlineData("move", "This number has no call")]
    public async Task The_first_text_is_answered_in_the_language_it_was_written_in(string text, string replyStart)
    {
        var reply = await TextAsync("+32470300002", text);
        Assert.StartsWith(SmsSegments.ToGsm7(replyStart), reply);
        Assert.Equal(0, await QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Theory]
    [InlineData("hallo?")]
    [InlineData("wie bent u")]
    [InlineData("2")]
    public async Task Anything_not_understood_from_a_new_number_gets_the_short_menu_in_dutch_and_french(string text)
    {
        var reply = await TextAsync("+32470300003", text);
        Assert.Contains("AFSPRAAK", reply);
        Assert.Contains("RDV", reply);
    }

    [Theory]
    [InlineData("afspraak donderdag namiddag", IsoDayOfWeek.Thursday, 12, 24)]
    [InlineData("rdv mercredi matin", IsoDayOfWeek.Wednesday, 0, 12)]
    [InlineData("Termin Freitag 14 Uhr", IsoDayOfWeek.Friday, 14, 24)]
    [InlineData("book monday", IsoDayOfWeek.Monday, 0, 24)]
    public async Task A_day_or_part_of_day_in_the_text_narrows_the_offer(string text, IsoDayOfWeek day, int fromHour, int beforeHour)
    {
        await TextAsync("+32470300004", text);
        var offered = await OfferedAsync("+32470300004");
        Assert.Equal(3, offered.Count);
        Assert.All(offered, o =>
        {
            var local = o.InZone(Calendar.Zone).LocalDateTime;
            Assert.Equal(day, local.DayOfWeek);
            Assert.InRange(local.Hour, fromHour, beforeHour - 1);
        });
    }

    [Fact]
    public async Task A_number_with_a_call_is_told_it_has_one_and_can_cancel_after_confirming()
    {
        await BookByTextAsync("+32470300005", "RDV");
        var booking = (await ActiveAsync("+32470300005"))!;
        Assert.StartsWith("Vous avez déjà un appel", await TextAsync("+32470300005", "rdv"));

        Assert.StartsWith("Annuler votre appel", await TextAsync("+32470300005", "annuler"));
        Assert.StartsWith("D'accord", await TextAsync("+32470300005", "non"));
        Assert.NotNull(await ActiveAsync("+32470300005"));

        await TextAsync("+32470300005", "ANULER svp");
        var cancelled = await TextAsync("+32470300005", "oui");
        Assert.Contains("est annulé", cancelled);
        Assert.Null(await ActiveAsync("+32470300005"));
        var messages = await QueryAsync(db => db.OutboundMessages.AsNoTracking().Where(m => m.BookingId == booking.Id).ToListAsync());
        Assert.DoesNotContain(messages, m => m.Kind == MessageKind.Cancelled && m.Channel == Channel.Sms);
        Assert.DoesNotContain(messages, m => m.Status == DeliveryStatus.Queued && m.Kind != MessageKind.Cancelled);
    }

    [Fact]
    public async Task A_citizen_moves_their_call_by_text_to_a_day_they_name()
    {
        await BookByTextAsync("+32470300006", "TERMIN");
        var before = (await ActiveAsync("+32470300006"))!.SlotStart;
        var offer = await TextAsync("+32470300006", "verschieben Freitag");
        Assert.StartsWith("Neue Zeit für Ihren Anruf", offer);
        var offered = await OfferedAsync("+32470300006");
        Assert.All(offered, o => Assert.Equal(IsoDayOfWeek.Friday, o.InZone(Calendar.Zone).DayOfWeek));
        var moved = await TextAsync("+32470300006", "1");
        Assert.StartsWith("Ihr Anruf ist verschoben", moved);
        var after = (await ActiveAsync("+32470300006"))!;
        Assert.Equal(offered[0], after.SlotStart);
        Assert.NotEqual(before, after.SlotStart);
    }

    [Fact]
    public async Task A_number_never_sees_or_changes_another_numbers_call()
    {
        await BookByTextAsync("+32470300007", "afspraak");
        var other = await TextAsync("+32470300008", "annuleer");
        Assert.StartsWith("Dit nummer heeft geen gesprek", other);
        Assert.NotNull(await ActiveAsync("+32470300007"));
    }

    [Fact]
    public async Task A_repeated_webhook_gets_the_same_reply_and_books_once()
    {
        await TextAsync("+32470300009", "afspraak");
        var first = await TextAsync("+32470300009", "1", sid: "SMrepeated");
        var again = await TextAsync("+32470300009", "1", sid: "SMrepeated");
        Assert.StartsWith("Geboekt: ", first);
        Assert.Equal(first, again);
        Assert.Equal(1, await QueryAsync(db => db.Bookings.CountAsync()));
        Assert.Equal(2, await QueryAsync(db => db.InboundTexts.CountAsync(t => t.From == "+32470300009")));
    }

    [Fact]
    public async Task A_conversation_forgets_its_offer_after_half_an_hour_of_silence()
    {
        await TextAsync("+32470300010", "afspraak");
        Clock.Advance(Duration.FromMinutes(31));
        var reply = await TextAsync("+32470300010", "2");
        Assert.StartsWith("Sorry, dat begrepen we niet", reply);
        Assert.Equal(0, await QueryAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Stop_and_start_switch_text_messages_off_and_on_for_that_number()
    {
        Assert.Contains("START", await TextAsync("+32470300011", "STOP"));
        Assert.True(await QueryAsync(db => db.ChannelOptOuts.AnyAsync(o => o.Address == "+32470300011" && o.Channel == Channel.Sms)));
        await TextAsync("+32470300011", "stop");
        await TextAsync("+32470300011", "START");
        Assert.False(await QueryAsync(db => db.ChannelOptOuts.AnyAsync(o => o.Address == "+32470300011")));
    }

    [Fact]
    public async Task A_reply_to_the_thank_you_is_stored_as_feedback_for_that_call()
    {
        await BookByTextAsync("+32470300012", "RDV");
        var booking = (await ActiveAsync("+32470300012"))!;
        Clock.Reset(booking.SlotStart + Duration.FromMinutes(1));
        await using (var db = Database.NewContext())
        {
            var queue = NewQueue(db);
            await queue.EnterDueAsync();
            await TestAgents.AddAsync(db, "agent-7");
            await queue.ClaimAsync(booking.Id, "agent-7");
            await queue.RecordOutcomeAsync(booking.Id, "agent-7", CallOutcome.Helped, null);
            await db.OutboundMessages.Where(m => m.BookingId == booking.Id && m.Kind == MessageKind.ThankYou)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, DeliveryStatus.Sent).SetProperty(m => m.SentAt, Clock.GetCurrentInstant()));
        }
        Clock.Advance(Duration.FromHours(2));
        Assert.StartsWith("Merci pour votre réponse", await TextAsync("+32470300012", "5 merci beaucoup, très patient"));
        await TextAsync("+32470300012", "Vraiment!");
        var feedback = await QueryAsync(db => db.Feedback.AsNoTracking().SingleAsync());
        Assert.Equal((5, FeedbackSource.Sms, "agent-7"), (feedback.Rating, feedback.Source, feedback.AgentId));
        Assert.Equal("merci beaucoup, très patient\nVraiment!", feedback.Words);
    }

    [Theory]
    // Whole conversations: the texts, separated by |, then what the last reply starts with and what is booked.
    [InlineData("AFSPRAAK|1|0", "Genoteerd", "Nl", "")]
    [InlineData("afspraak morgen|3|nee", "Genoteerd", "Nl", "")]
    [InlineData("Ik wil een afsprak maken|2|H T", "Genoteerd", "Nl", "Hearing MoreTime")]
    [InlineData("afspraak|9|1|0", "Genoteerd", "Nl", "")]
    [InlineData("afspraak|1|wat?|0", "Genoteerd", "Nl", "")]
    [InlineData("RDV|2|0", "C'est noté", "Fr", "")]
    [InlineData("rendez vous demain matin|1|Non merci", "C'est noté", "Fr", "")]
    [InlineData("je veux un rdv|1|L arabe", "C'est noté", "Fr", "OtherLanguage")]
    [InlineData("rdv|1|S R", "C'est noté", "Fr", "Speech Reading")]
    [InlineData("TERMIN|1|0", "Notiert", "De", "")]
    [InlineData("Termin Donnerstag|2|nein", "Notiert", "De", "")]
    [InlineData("termn|1|T", "Notiert", "De", "MoreTime")]
    [InlineData("BOOK|1|0", "Noted", "En", "")]
    [InlineData("book friday afternoon|1|none", "Noted", "En", "")]
    [InlineData("Booking please|3|h", "Noted", "En", "Hearing")]
    [InlineData("afspraak|1|annuleer", "Uw gesprek van", "Nl", "")]
    [InlineData("rdv|stop", "Vous ne recevrez plus", null, null)]
    [InlineData("termin|hilfe", "Steuerhilfe per Telefon", null, null)]
    public async Task Conversations_end_in_the_expected_reply_and_booking(string texts, string lastReplyStart, string? language, string? needs)
    {
        var reply = "";
        foreach (var text in texts.Split('|'))
        {
            reply = await TextAsync("+32470300020", text);
        }
        Assert.StartsWith(SmsSegments.ToGsm7(lastReplyStart), reply);
        var booking = await ActiveAsync("+32470300020");
        if (language is null)
        {
            Assert.Null(booking);
            return;
        }
        Assert.NotNull(booking);
        Assert.Equal(Enum.Parse<Language>(language), booking.Language);
        var had = new List<string>();
        if (booking.Needs.Hearing) had.Add("Hearing");
        if (booking.Needs.MoreTime) had.Add("MoreTime");
        if (booking.Needs.OtherLanguage is not null) had.Add("OtherLanguage");
        if (booking.Needs.Speech) had.Add("Speech");
        if (booking.Needs.Reading) had.Add("Reading");
        Assert.Equal(needs, string.Join(' ', had));
    }

    [Fact]
    public async Task Texts_and_conversation_states_are_erased_after_the_retention_period()
    {
        await TextAsync("+32470300021", "afspraak");
        Clock.Advance(Duration.FromDays(Settings.RetentionDays + 1));
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }
        Assert.Equal(0, await QueryAsync(db => db.InboundTexts.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.TextConversations.CountAsync()));
    }

    protected async Task BookByTextAsync(string phone, string keyword)
    {
        await TextAsync(phone, keyword);
        await TextAsync(phone, "1");
        await TextAsync(phone, "0");
        Assert.NotNull(await ActiveAsync(phone));
    }
}

public sealed class SqliteTextConversationTests() : TextConversationTests(DatabaseProvider.Sqlite);

public sealed class PostgresTextConversationTests() : TextConversationTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_numbers_texting_for_the_last_seat_at_once_one_books_and_the_other_is_offered_the_next_times()
    {
        await TextAsync("+32470400001", "afspraak");
        await TextAsync("+32470400002", "afspraak");
        var slot = (await OfferedAsync("+32470400001"))[0];
        Assert.Equal(slot, (await OfferedAsync("+32470400002"))[0]);
        await Database.SetAgentsAsync(slot, 1, Clock, Calendar);
        var replies = await Task.WhenAll(TextAsync("+32470400001", "1"), TextAsync("+32470400002", "1"));
        Assert.Single(replies, r => r.StartsWith("Geboekt: ", StringComparison.Ordinal));
        var loser = Assert.Single(replies, r => r.StartsWith("Sorry, dat moment is net genomen", StringComparison.Ordinal));
        Assert.Contains("1) ", loser);
        Assert.Equal(1, await QueryAsync(db => db.Bookings.CountAsync(b => b.SlotStart == slot)));
    }
}
