using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Texting;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Waitlist;
using NodaTime;

namespace Allo.Scheduler.Texting;

// The waitlist by text: WACHTLIJST / ATTENTE / WARTELISTE / WAIT joins it, and JA / OUI / YES (or
// NEE / NON / NO) answers an offer. Read before the other intents, since a yes to an open offer is
// not a yes to anything else; a yes while confirming a cancellation stays that.
public sealed partial class TextConversations
{
    private async Task<(string Reply, Guid? Booking)?> WaitlistReplyAsync(
        string phone, TextCommand command, TextConversation conversation, bool current, Language lang,
        Func<string, object[], string> say, Instant now, CancellationToken ct)
    {
        if (waitlist is null || (current && conversation.Step == ConversationStep.ConfirmingCancel))
        {
            return null;
        }
        switch (command.Intent)
        {
            case TextIntent.Waitlist:
            {
                conversation.Move(ConversationStep.None, now);
                var (first, last) = WishedDays(command.When, now);
                var parts = command.When.Part switch
                {
                    PartOfDay.Morning => DayParts.Morning,
                    PartOfDay.Afternoon => DayParts.Afternoon,
                    _ => DayParts.Any,
                };
                PhoneNumber.TryParse(phone, out var number);
                return await waitlist.JoinAsync(number!, lang, null, null, Needs.None, first, last, parts, FrontEnd.Sms, ct) switch
                {
                    JoinOutcome.Joined joined => (say("Reply.WaitlistJoined", [replies.Day(lang, joined.Entry.FirstDay), replies.Day(lang, joined.Entry.LastDay)]), null),
                    JoinOutcome.AlreadyWaiting already => (say("Reply.WaitlistAlready", [replies.Day(lang, already.Entry.FirstDay), replies.Day(lang, already.Entry.LastDay)]), null),
                    _ => (say("Reply.NotUnderstood", []), null),
                };
            }
            case TextIntent.Yes or TextIntent.No when await waitlist.AnsweringOfferAsync(phone, ct):
            {
                conversation.Move(ConversationStep.None, now);
                var answer = command.Intent == TextIntent.Yes
                    ? await waitlist.AcceptByPhoneAsync(phone, ct)
                    : await waitlist.DeclineByPhoneAsync(phone, ct);
                return answer switch
                {
                    AnswerOutcome.Booked booked => (say("Reply.WaitlistBooked", [replies.Slot(lang, booked.Booking.SlotStart), booked.Booking.Reference]), booked.Booking.Id),
                    AnswerOutcome.Declined => (say("Reply.WaitlistDeclined", []), null),
                    AnswerOutcome.TooLate { StillWaiting: true } => (say("Reply.WaitlistTooLate", []), null),
                    _ => (say("Reply.WaitlistTooLateLeft", []), null),
                };
            }
            default:
                return null;
        }
    }

    /// <summary>The days a text's wish names ("WACHTLIJST vrijdag"): that day; none named, every bookable day.</summary>
    private (LocalDate First, LocalDate Last) WishedDays(DayWish wish, Instant now)
    {
        var bookable = calendar.BookableDates(now);
        var today = calendar.Today(now);
        for (var date = bookable.Start; date <= bookable.End; date = date.PlusDays(1))
        {
            if (!wish.IsAny && (wish.DaysFromToday is not null || wish.Weekday is not null || wish.Date is not null) && wish.AllowsDay(date, today))
            {
                return (date, date);
            }
        }
        return (bookable.Start, bookable.End);
    }
}
