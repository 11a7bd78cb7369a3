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
public sealed class TextConversations(
    AlloDbContext db,
    BookingService bookings,
    FeedbackService feedback,
    TextReplies replies,
    SlotCalendar calendar,
    IOutboxSignal signal,
    IClock clock)
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
            // The booking service announced its messages inside our transaction, perhaps before a job
            // could see them; announce what is due now again after the commit (sending is idempotent).
            var now = clock.GetCurrentInstant();
            signal.Committed(await db.OutboundMessages.AsNoTracking()
                .Where(m => m.BookingId == bookingId && m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now)
                .ToListAsync(ct));
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
        var language = command.Language ?? (current ? conversation!.Language : (Language?)null) ?? active?.Language ?? conversation?.Language;
        var lang = language ?? Language.Nl;
        if (conversation is null)
        {
            conversation = new TextConversation { Phone = phone, Step = ConversationStep.None, Language = lang, UpdatedAt = now };
            db.TextConversations.Add(conversation);
        }
        else if (!current)
        {
            conversation.Move(ConversationStep.None, now);
        }
        conversation.Language = lang;
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

        switch (command.Intent)
        {
            case TextIntent.Stop:
                await new OptOuts(db).StopAsync(phone, Channel.Sms, now, ct);
                conversation.Move(ConversationStep.None, now);
                return await OptOutChangedAsync(await Done(Say("Reply.Stopped")));
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
                return await Done(await OfferAsync(conversation, ConversationStep.ChoosingSlot, command.When, 1, null, lang, "Reply.Offer", ct));
            case TextIntent.Move:
                if (Unchangeable(active) is { } moveRefusal)
                {
                    return await Done(moveRefusal);
                }
                var moveOffer = await FreeAsync(command.When, active!.SlotCount, active.SlotStart, active.Language, ct, active.Plan.Callback.Value);
                if (moveOffer.Count == 0)
                {
                    conversation.Move(ConversationStep.None, now);
                    return await Done(Say("Reply.NoSlots"));
                }
                conversation.Offer(ConversationStep.ChoosingNewSlot, moveOffer, now);
                return await Done(Say("Reply.MoveOffer", replies.Slot(lang, active.SlotStart), replies.Numbered(lang, moveOffer)));
            case TextIntent.Cancel:
                if (Unchangeable(active) is { } cancelRefusal)
                {
                    return await Done(cancelRefusal);
                }
                conversation.Move(ConversationStep.ConfirmingCancel, now);
                return await Done(Say("Reply.ConfirmCancel", replies.Slot(lang, active!.SlotStart)));
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

    /// <param name="language">The reply's language, and the call's unless <paramref name="callLanguage"/> (a booking's) says otherwise.</param>
    private async Task<string> OfferAsync(TextConversation conversation, ConversationStep step, DayWish when, int slotCount, Instant? except, Language language, string key, CancellationToken ct,
        Language? callLanguage = null, CallbackMode callback = CallbackMode.Voice)
    {
        var now = clock.GetCurrentInstant();
        var free = await FreeAsync(when, slotCount, except, callLanguage ?? language, ct, callback);
        if (free.Count == 0)
        {
            conversation.Move(ConversationStep.None, now);
            return replies.Say(language, "Reply.NoSlots");
        }
        conversation.Offer(step, free, now);
        return replies.Say(language, key, replies.Numbered(language, free));
    }

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

    /// <summary>The first free starts for a call of <paramref name="slotCount"/> slots in that language that suit the wish, a week at a time.</summary>
    private async Task<IReadOnlyList<Instant>> FreeAsync(DayWish when, int slotCount, Instant? except, Language callLanguage, CancellationToken ct, CallbackMode callback = CallbackMode.Voice)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var found = new List<Instant>();
        for (var week = today; found.Count < Offers && week <= today.PlusDays(calendar.Hours.HorizonDays); week = week.PlusDays(7))
        {
            found.AddRange((await bookings.AvailabilityAsync(week, 7, callLanguage, ct, slotCount, callback))
                .Where(a => a.SeatsLeft > 0 && a.Slot.Start != except && when.Allows(a.Slot.LocalStart, today))
                .Select(a => a.Slot.Start));
        }
        return found.Take(Offers).ToList();
    }
}
