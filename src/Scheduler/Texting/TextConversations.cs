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

/// <summary>
/// Booking, moving and cancelling by text message, and the answers to a thank-you. Each text is handled
/// in one transaction with its MessageSid: a repeated webhook gets the stored reply and changes nothing,
/// and a crash before the commit leaves no trace for the retry to trip over. A number only ever sees
/// and changes its own booking.
/// </summary>
public sealed partial class TextConversations(
    AlloDbContext db,
    BookingService bookings,
    FeedbackService feedback,
    TextReplies replies,
    SlotCalendar calendar,
    IOutboxSignal signal,
    IClock clock,
    Waitlist.WaitlistService? waitlist = null)
{
    private const int Offers = 3;

    /// <summary>The reply to one text, or the stored reply when this MessageSid was handled before.</summary>
    public async Task<string> HandleAsync(string sid, string from, string? body, CancellationToken ct = default)
    {
        var seen = await db.InboundTexts.AsNoTracking().Where(t => t.Sid == sid).Select(t => new { t.Reply }).FirstOrDefaultAsync(ct);
        if (seen is not null)
        {
            return seen.Reply ?? "";
        }
        if (PhoneNumber.TryParse(from, out var phone) != PhoneProblem.None)
        {
            // Not a number we could ever call back (a short code, a name): the menu, nothing stored.
            return replies.Bilingual("Reply.MenuShort");
        }
        var text = TextCommand.Clean(body);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ChangeTracker.Clear();
        db.InboundTexts.Add(new InboundText { Sid = sid, From = phone!.E164, Body = text, ReceivedAt = clock.GetCurrentInstant() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same text arrived twice at once, and the other request handled it.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await db.InboundTexts.AsNoTracking().Where(t => t.Sid == sid).Select(t => t.Reply).FirstOrDefaultAsync(ct) ?? "";
        }

        string reply;
        Guid? touched;
        try
        {
            (reply, touched) = await ReplyAsync(phone.E164, text, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another text from the same number changed the conversation meanwhile.
            await tx.RollbackAsync(ct);
            return replies.Bilingual("Reply.Busy");
        }
        await db.InboundTexts.Where(t => t.Sid == sid).ExecuteUpdateAsync(s => s.SetProperty(t => t.Reply, reply), ct);
        await tx.CommitAsync(ct);

        if (touched is { } bookingId)
        {
            await signal.AnnounceDueAfterCommitAsync(db, bookingId, clock.GetCurrentInstant(), ct);
        }
        return reply;
    }

    /// <summary>
    /// The answer to a text that is not acted on (its request is not what Twilio sends): "not
    /// understood" in the language its words, or the number's latest booking or conversation, tell; else the
    /// short menu in Dutch and French. It only reads: nothing is stored, so Twilio's real retry is
    /// still handled as new.
    /// </summary>
    public async Task<string> NotReadAsync(string? from, string? body, CancellationToken ct = default)
    {
        var language = TextCommand.Parse(body).Language;
        if (language is null && PhoneNumber.TryParse(from, out var phone) == PhoneProblem.None)
        {
            language = await db.Bookings.AsNoTracking().Where(b => b.PhoneE164 == phone!.E164).OrderByDescending(b => b.CreatedAt).Select(b => (Language?)b.Language).FirstOrDefaultAsync(ct)
                ?? await db.TextConversations.AsNoTracking().Where(c => c.Phone == phone!.E164).Select(c => (Language?)c.Language).FirstOrDefaultAsync(ct);
        }
        return language is { } known ? replies.Say(known, "Reply.NotUnderstood") : replies.Bilingual("Reply.MenuShort");
    }

    private async Task<(string Reply, Guid? Booking)> ReplyAsync(string phone, string text, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var command = TextCommand.Parse(text);
        var conversation = await db.TextConversations.FirstOrDefaultAsync(c => c.Phone == phone, ct);
        var current = conversation?.IsCurrent(now) == true;
        var active = await bookings.ActiveForPhoneAsync(phone, ct);
        // The conversation keeps the citizen's language. A keyword written in a language is the citizen
        // choosing it; anything else ("ja", "merci", "2", "bonjour") only fills a language not known yet,
        // and a text that tells none leaves it unknown, so the next reply is in Dutch and French again.
        var known = current ? conversation!.Language ?? active?.Language : active?.Language ?? conversation?.Language;
        var language = command.IsKeyword && command.Language is { } chosen ? chosen : known ?? command.Language;
        var lang = language ?? Language.Nl;
        if (conversation is null)
        {
            conversation = new TextConversation { Phone = phone, Step = ConversationStep.None, UpdatedAt = now };
            db.TextConversations.Add(conversation);
        }
        else if (!current)
        {
            conversation.Move(ConversationStep.None, now);
        }
        conversation.Language = language;
        string Say(string key, params object[] values) => language is null ? replies.Bilingual(key, values) : replies.Say(lang, key, values);

        async Task<(string, Guid?)> Done(string reply, Guid? booking = null)
        {
            if (db.Entry(conversation).State == EntityState.Detached)
            {
                // The booking or feedback service cleared the change tracker: carry the step over to the stored row.
                var stored = await db.TextConversations.FirstOrDefaultAsync(c => c.Phone == phone, ct);
                if (stored is null)
                {
                    db.TextConversations.Add(conversation);
                }
                else
                {
                    (stored.Step, stored.Offered, stored.Chosen, stored.Language) = (conversation.Step, conversation.Offered, conversation.Chosen, conversation.Language);
                    conversation = stored;
                }
            }
            conversation.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return (reply, booking);
        }

        // After the opt-out is saved, the number's active booking gets a plan without (or again with)
        // texts, so its reminders and heads-up say what will really happen.
        async Task<(string, Guid?)> OptOutChangedAsync((string Reply, Guid? Booking) done)
        {
            var replanned = active is not null && await bookings.ReplanAsync(phone, ct);
            return (done.Reply, replanned ? active!.Id : done.Booking);
        }

        if (await WaitlistReplyAsync(phone, command, conversation, current, lang, Say, now, ct) is { } waitlistReply)
        {
            return await Done(waitlistReply.Reply, waitlistReply.Booking);
        }

        switch (command.Intent)
        {
            case TextIntent.Stop:
                // STOP also leaves the waitlist: an offer could no longer reach them by text anyway.
                var leftList = waitlist is not null && await waitlist.LeaveByPhoneAsync(phone, ct);
                await new OptOuts(db).StopAsync(phone, Channel.Sms, now, ct);
                conversation.Move(ConversationStep.None, now);
                return await OptOutChangedAsync(await Done(Say(leftList ? "Reply.StoppedWaitlist" : "Reply.Stopped")));
            case TextIntent.Start:
                await new OptOuts(db).StartAsync(phone, Channel.Sms, ct);
                conversation.Move(ConversationStep.None, now);
                return await OptOutChangedAsync(await Done(Say("Reply.Started")));
            case TextIntent.Help:
                conversation.Move(ConversationStep.None, now);
                return await Done(language is null ? replies.Bilingual("Reply.MenuShort") : Say("Reply.Help", replies.Web(lang)));
            case TextIntent.Book:
                if (active is not null)
                {
                    conversation.Move(ConversationStep.None, now);
                    return await Done(Say("Reply.AlreadyBooked", replies.Slot(lang, active.SlotStart), active.Reference));
                }
                if (language is null)
                {
                    // A typo as near to BOOK as to BOEK: the call's language would be a guess, so we ask in both.
                    conversation.Move(ConversationStep.None, now);
                    return await Done(replies.Bilingual("Reply.MenuShort"));
                }
                return await Done(await OfferAsync(conversation, ConversationStep.ChoosingSlot, command.When, 1, null, lang, "Reply.Offer", ct));
            case TextIntent.Move:
                if (Unchangeable(active) is { } moveRefusal)
                {
                    return await Done(moveRefusal);
                }
                return await Done(await MoveOfferAsync(conversation, active!, command.When, lang, ct));
            case TextIntent.Cancel:
                if (Unchangeable(active) is { } cancelRefusal)
                {
                    return await Done(cancelRefusal);
                }
                conversation.Move(ConversationStep.ConfirmingCancel, now);
                return await Done(Say("Reply.ConfirmCancel", replies.Slot(lang, active!.SlotStart)));
            case TextIntent.Negated:
                // "Niet annuleren", "pas annuler": nothing is booked, moved or cancelled; we ask what they want.
                conversation.Move(ConversationStep.None, now);
                return await Done(active is { Status: BookingStatus.Booked } && active.SlotStart > now
                    ? Say("Reply.NegatedKept", replies.Slot(lang, active.SlotStart))
                    : Say("Reply.Negated"));
        }

        if (current)
        {
            switch (conversation.Step)
            {
                case ConversationStep.ChoosingSlot when command.Choice is { } n && n <= conversation.OfferedSlots().Count:
                    // The number books it at once; the needs question that follows is optional.
                    var (bookedReply, booked) = await BookAsync(conversation, phone, conversation.OfferedSlots()[n - 1], lang, ct);
                    return await Done(bookedReply, booked);
                case ConversationStep.ChoosingNewSlot when command.Choice is { } m && m <= conversation.OfferedSlots().Count:
                    var (movedReply, moved) = await MoveAsync(conversation, phone, conversation.OfferedSlots()[m - 1], lang, ct);
                    return await Done(movedReply, moved);
                case ConversationStep.ChoosingSlot when !command.When.IsAny:
                    // "morgen 15u" instead of a number: times for that wish.
                    return await Done(await OfferAsync(conversation, ConversationStep.ChoosingSlot, command.When, 1, null, lang, "Reply.Offer", ct));
                case ConversationStep.ChoosingNewSlot when !command.When.IsAny && active is { Status: BookingStatus.Booked } && active.SlotStart > now:
                    return await Done(await MoveOfferAsync(conversation, active, command.When, lang, ct));
                case ConversationStep.ChoosingSlot or ConversationStep.ChoosingNewSlot:
                    // Not one of the numbers: the same offer again.
                    return await Done(Say("Reply.Offer", replies.Numbered(lang, conversation.OfferedSlots())));
                case ConversationStep.AnsweringNeeds when NeedsAnswer.Parse(text) is { } needs:
                    var (needsReply, changed) = await ChangeNeedsAsync(conversation, phone, needs, lang, ct);
                    return await Done(needsReply, changed);
                case ConversationStep.AnsweringNeeds when active is not null:
                    return await Done(Say("Reply.AskNeeds", replies.Slot(lang, active.SlotStart)));
                case ConversationStep.ConfirmingCancel when command.Intent == TextIntent.Yes:
                    conversation.Move(ConversationStep.None, now);
                    var cancelled = await bookings.CancelByTextAsync(phone, ct);
                    return cancelled is BookingOutcome.Done done
                        ? await Done(Say("Reply.Cancelled", replies.Slot(lang, done.Booking.SlotStart)), done.Booking.Id)
                        : await Done(Say(cancelled is BookingOutcome.NotFound ? "Reply.NoBooking" : "Reply.TooLate"));
                case ConversationStep.ConfirmingCancel when command.Intent == TextIntent.No:
                    conversation.Move(ConversationStep.None, now);
                    return await Done(active is null ? Say("Reply.NoBooking") : Say("Reply.Kept", replies.Slot(lang, active.SlotStart)));
                case ConversationStep.ConfirmingCancel when active is not null:
                    return await Done(Say("Reply.ConfirmCancel", replies.Slot(lang, active.SlotStart)));
            }
        }

        // Not part of a conversation: perhaps the answer to a thank-you ("4", "merci, très aimable").
        if (command.Intent is TextIntent.Unknown or TextIntent.Choice && await feedback.AwaitingSmsAnswerAsync(phone, ct) is { } asked)
        {
            var helped = await db.Bookings.AsNoTracking().Where(b => b.Id == asked).Select(b => b.Language).FirstAsync(ct);
            await feedback.ReceiveAsync(asked, FeedbackSource.Sms, FeedbackReply.Parse(text), ct);
            conversation.Move(ConversationStep.None, now);
            return await Done(replies.Say(command.Language ?? helped, "Reply.FeedbackThanks"));
        }
        conversation.Move(ConversationStep.None, now);
        return await Done(language is null ? replies.Bilingual("Reply.MenuShort") : Say("Reply.NotUnderstood"));

        // Why a text cannot move or cancel this number's call, or null when it can.
        string? Unchangeable(Booking? booking)
        {
            if (booking is null)
            {
                conversation.Move(ConversationStep.None, now);
                return Say("Reply.NoBooking");
            }
            if (booking.Status != BookingStatus.Booked || booking.SlotStart <= now)
            {
                conversation.Move(ConversationStep.None, now);
                return Say("Reply.TooLate");
            }
            return null;
        }
    }
}
