using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Feedback;
using Allo.Domain.Slots;
using Allo.Domain.Texting;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Texting;

/// <summary>What a conversation does once it knows what the citizen wants: offer times, book, move, note needs.</summary>
public sealed partial class TextConversations
{
    /// <param name="language">The reply's language, and the call's unless <paramref name="callLanguage"/> (a booking's) says otherwise.</param>
    private async Task<string> OfferAsync(TextConversation conversation, ConversationStep step, DayWish when, int slotCount, Instant? except, Language language, string key, CancellationToken ct,
        Language? callLanguage = null, CallbackMode callback = CallbackMode.Voice)
    {
        var now = clock.GetCurrentInstant();
        var offer = await FreeAsync(when, slotCount, except, callLanguage ?? language, ct, callback);
        if (offer.Slots.Count == 0)
        {
            conversation.Move(ConversationStep.None, now);
            return replies.Say(language, "Reply.NoSlots");
        }
        conversation.Offer(step, offer.Slots, now);
        return offer.AsAsked
            ? replies.Say(language, key, replies.Numbered(language, offer.Slots))
            : replies.Say(language, "Reply.TimeNotFree", Time(when), replies.Numbered(language, offer.Slots));
    }

    /// <summary>New times for the active booking (its length, its language, not its own time), as the citizen wished.</summary>
    private async Task<string> MoveOfferAsync(TextConversation conversation, Booking active, DayWish when, Language language, CancellationToken ct)
    {
        var offer = await FreeAsync(when, active.SlotCount, active.SlotStart, active.Language, ct, active.Plan.Callback.Value);
        var now = clock.GetCurrentInstant();
        if (offer.Slots.Count == 0)
        {
            conversation.Move(ConversationStep.None, now);
            return replies.Say(language, "Reply.NoSlots");
        }
        conversation.Offer(ConversationStep.ChoosingNewSlot, offer.Slots, now);
        return offer.AsAsked
            ? replies.Say(language, "Reply.MoveOffer", replies.Slot(language, active.SlotStart), replies.Numbered(language, offer.Slots))
            : replies.Say(language, "Reply.TimeNotFree", Time(when), replies.Numbered(language, offer.Slots));
    }

    private static string Time(DayWish when) => when.At?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Books the chosen time under the web's rules and asks the optional needs question; the
    /// conversation's next step is set on the (detached) object, which the caller saves.
    /// </summary>
    private async Task<(string, Guid?)> BookAsync(TextConversation conversation, string phone, Instant slot, Language language, CancellationToken ct)
    {
        PhoneNumber.TryParse(phone, out var number);
        var outcome = await bookings.BookAsync(slot, number!, language, null, null, Needs.None, FrontEnd.Sms, ct: ct);
        var now = clock.GetCurrentInstant();
        string reply;
        Guid? touched = null;
        switch (outcome)
        {
            case BookingOutcome.Done done:
                conversation.Move(ConversationStep.AnsweringNeeds, now, slot);
                reply = replies.Say(language, "Reply.Booked", replies.Slot(language, slot), done.Booking.Reference);
                touched = done.Booking.Id;
                break;
            case BookingOutcome.PhoneAlreadyBooked:
                conversation.Move(ConversationStep.None, now);
                var active = await bookings.ActiveForPhoneAsync(phone, ct);
                reply = active is null ? replies.Say(language, "Reply.Busy") : replies.Say(language, "Reply.AlreadyBooked", replies.Slot(language, active.SlotStart), active.Reference);
                break;
            case BookingOutcome.Unreachable:
                conversation.Move(ConversationStep.None, now);
                reply = replies.Say(language, "Reply.Unreachable", replies.Web(language));
                break;
            default:
                // Taken meanwhile, or no longer bookable: the next free times instead.
                reply = await OfferAsync(conversation, ConversationStep.ChoosingSlot, DayWish.Any, 1, null, language, "Reply.SlotTaken", ct);
                break;
        }
        return (reply, touched);
    }

    /// <summary>The answer to the needs question: a new plan for the booking, and how we will contact them now.</summary>
    private async Task<(string, Guid?)> ChangeNeedsAsync(TextConversation conversation, string phone, Needs needs, Language language, CancellationToken ct)
    {
        var outcome = needs == Needs.None
            ? (await bookings.ActiveForPhoneAsync(phone, ct) is { } unchanged ? new BookingOutcome.Done(unchanged, null) : new BookingOutcome.NotFound())
            : await bookings.ChangeNeedsByTextAsync(phone, needs, ct);
        conversation.Move(ConversationStep.None, clock.GetCurrentInstant());
        switch (outcome)
        {
            case BookingOutcome.Done done:
                var plan = done.Booking.Plan;
                var how = replies.Say(language, $"Reply.Plan.{plan.Callback.Value}");
                if (plan.Reminders.Value.FirstOrDefault() is { } reminder)
                {
                    how += " " + replies.Say(language, $"Reply.Reminder.{reminder.Channel}");
                }
                return (replies.Say(language, "Reply.NeedsNoted", how), done.Booking.Id);
            case BookingOutcome.NotFound:
                return (replies.Say(language, "Reply.NoBooking"), null);
            case BookingOutcome.Refused:
                return (replies.Say(language, "Reply.TooLate"), null);
            case BookingOutcome.Unreachable:
                return (replies.Say(language, "Reply.Unreachable", replies.Web(language)), null);
            default:
                // A longer call, and the time after it is taken (or closed).
                return (replies.Say(language, "Reply.NeedsNoRoom"), null);
        }
    }

    private async Task<(string, Guid?)> MoveAsync(TextConversation conversation, string phone, Instant slot, Language language, CancellationToken ct)
    {
        var outcome = await bookings.MoveByTextAsync(phone, SlotTimes.Format(slot, calendar.Zone), ct);
        var now = clock.GetCurrentInstant();
        string reply;
        Guid? touched = null;
        switch (outcome)
        {
            case BookingOutcome.Done done:
                conversation.Move(ConversationStep.None, now);
                reply = replies.Say(language, "Reply.Moved", replies.Slot(language, done.Booking.SlotStart), done.Booking.Reference);
                touched = done.Booking.Id;
                break;
            case BookingOutcome.NotFound:
                conversation.Move(ConversationStep.None, now);
                reply = replies.Say(language, "Reply.NoBooking");
                break;
            case BookingOutcome.Refused:
                conversation.Move(ConversationStep.None, now);
                reply = replies.Say(language, "Reply.TooLate");
                break;
            default:
                var active = await bookings.ActiveForPhoneAsync(phone, ct);
                reply = await OfferAsync(conversation, ConversationStep.ChoosingNewSlot, DayWish.Any, active?.SlotCount ?? 1, active?.SlotStart, language, "Reply.SlotTaken", ct, active?.Language,
                    active?.Plan.Callback.Value ?? CallbackMode.Voice);
                break;
        }
        return (reply, touched);
    }

    /// <summary>
    /// The free starts to offer for a call of <paramref name="slotCount"/> slots in that language, as
    /// the wish chooses them (<see cref="DayWish.Choose{T}"/>), a week at a time; a named time that is
    /// not free searches the whole horizon before the nearest times are offered instead.
    /// </summary>
    private async Task<TimeOffer<Instant>> FreeAsync(DayWish when, int slotCount, Instant? except, Language callLanguage, CancellationToken ct, CallbackMode callback = CallbackMode.Voice)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var free = new List<(Instant Start, LocalDateTime Local)>();
        var offer = new TimeOffer<(Instant Start, LocalDateTime Local)>([], true);
        for (var week = today; week <= today.PlusDays(calendar.Hours.HorizonDays); week = week.PlusDays(7))
        {
            free.AddRange((await bookings.AvailabilityAsync(week, 7, callLanguage, ct, slotCount, callback))
                .Where(a => a.SeatsLeft > 0 && a.Slot.Start != except)
                .Select(a => (a.Slot.Start, a.Slot.LocalStart)));
            offer = when.Choose(free, f => f.Local, today, Offers);
            if (offer.Slots.Count == Offers && offer.AsAsked)
            {
                break;
            }
        }
        return new TimeOffer<Instant>(offer.Slots.Select(s => s.Start).ToList(), offer.AsAsked);
    }
}
