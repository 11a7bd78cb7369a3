using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Scheduler.Voice;

/// <summary>
/// The menu's steps. Every step takes keys alone; a wrong key or silence hears the step once more,
/// a second one the way to get help, and the call ends politely.
/// </summary>
public sealed partial class VoiceConversations
{
    private sealed record Answer(IReadOnlyList<Spoken> Lines, KeyInput? Listen, Guid? Touched = null);

    private async Task<Answer> StartAsync(VoiceCall call, CancellationToken ct)
    {
        if (call.From is { } from && await bookings.ActiveForPhoneAsync(from, ct) is { } active)
        {
            (call.Language, call.Phone) = (active.Language, from);
            call.Go(VoiceStep.ChoosingAction);
        }
        else
        {
            call.Go(VoiceStep.ChoosingLanguage);
        }
        return await PromptAsync(call, [], ct);
    }

    private async Task<Answer> StepAsync(VoiceCall call, string? keys, CancellationToken ct)
    {
        var lang = call.Language;
        switch (call.Step, keys)
        {
            case (VoiceStep.ChoosingLanguage, "1" or "2" or "3" or "4"):
                call.Language = Languages.All[keys[0] - '1'];
                if (call.From is null)
                {
                    call.Go(VoiceStep.TypingNumber);
                    return await PromptAsync(call, [words.Say(call.Language, "Ivr.Withheld")], ct);
                }
                call.Phone = call.From;
                call.Go(VoiceStep.ConfirmingNumber);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ConfirmingNumber, "1"):
                call.Go(VoiceStep.AnsweringNeeds);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ConfirmingNumber, "2"):
                call.Go(VoiceStep.TypingNumber);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.TypingNumber, { } typed):
                if (PhoneNumber.TryParse(typed, out var phone) != PhoneProblem.None)
                {
                    return await MissAsync(call, words.Say(lang, "Ivr.NumberWrong"), ct);
                }
                // Said back digit by digit, so a slip of the finger is heard before anything is booked.
                call.Phone = phone!.E164;
                call.Go(VoiceStep.ConfirmingNumber);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.AnsweringNeeds, "1"):
                (call.FromDate, call.Skip) = (null, 0);
                return await OfferAsync(call, [], ct);
            case (VoiceStep.AnsweringNeeds or VoiceStep.ChoosingInterpreter or VoiceStep.TypingProxyNumber or VoiceStep.ConfirmingProxy, _):
                return await NeedsStepAsync(call, keys, ct);
            case (VoiceStep.ChoosingTime, "1" or "2" or "3") when keys[0] - '0' <= call.OfferedSlots().Count:
                call.Chosen = call.OfferedSlots()[keys[0] - '1'];
                call.Go(VoiceStep.ConfirmingTime);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ChoosingTime, "9") when CanWait(call):
            case (VoiceStep.OfferingWaitlist or VoiceStep.ChoosingDayPart, _):
                return await WaitlistStepAsync(call, keys, ct);
            case (VoiceStep.ChoosingTime, "4"):
                call.Skip += Offers;
                return await OfferAsync(call, [], ct);
            case (VoiceStep.ChoosingTime, "5"):
                call.Go(VoiceStep.ChoosingWeek);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ChoosingWeek, "1" or "2" or "3"):
                var nextMonday = calendar.Today(clock.GetCurrentInstant()).Next(IsoDayOfWeek.Monday);
                call.FromDate = keys switch { "1" => nextMonday, "2" => nextMonday.PlusWeeks(1), _ => null };
                call.Skip = 0;
                return await OfferAsync(call, [], ct);
            case (VoiceStep.ConfirmingTime, "1"):
                return call.Moving ? await MoveAsync(call, ct) : await BookAsync(call, ct);
            case (VoiceStep.ConfirmingTime, "2"):
                return await OfferAsync(call, [], ct);
            case (VoiceStep.ChoosingAction, "1"):
            case (VoiceStep.ConfirmingCancel, "2"):
                return await ActiveAsync(call, ct) is { } kept
                    ? End(call, words.Say(lang, "Ivr.Kept", words.Slot(lang, kept.SlotStart)))
                    : End(call, words.Say(lang, "Ivr.TooLate"));
            case (VoiceStep.ChoosingAction, "2"):
                call.Moving = true;
                (call.FromDate, call.Skip) = (null, 0);
                return await OfferAsync(call, [], ct);
            case (VoiceStep.ChoosingAction, "3"):
                call.Go(VoiceStep.ConfirmingCancel);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ConfirmingCancel, "1"):
                return await bookings.CancelByCallAsync(call.Phone!, ct) is BookingOutcome.Done cancelled
                    ? End(call, words.Say(lang, "Ivr.Cancelled", words.Slot(lang, cancelled.Booking.SlotStart))) with { Touched = cancelled.Booking.Id }
                    : End(call, words.Say(lang, "Ivr.TooLate"));
            default:
                return await MissAsync(call, words.Say(lang, "Ivr.Again"), ct);
        }
    }

    /// <summary>A wrong key or silence: the step once more, then help and goodbye.</summary>
    private async Task<Answer> MissAsync(VoiceCall call, Spoken why, CancellationToken ct)
    {
        // Before a language is chosen, everything is said in all four.
        var unknown = call.Step == VoiceStep.ChoosingLanguage;
        IReadOnlyList<Spoken> In(string key) => unknown ? Languages.All.Select(l => words.Say(l, key)).ToList() : [words.Say(call.Language, key)];
        if (call.Misses > 0)
        {
            return End(call, [.. unknown ? In("Ivr.Again") : [why], .. In("Ivr.Help")]);
        }
        call.Misses++;
        return await PromptAsync(call, unknown ? In("Ivr.Again") : [why], ct);
    }

    private Answer End(VoiceCall call, params Spoken[] lines)
    {
        call.Go(VoiceStep.Ended);
        return new Answer(lines, null);
    }

    /// <summary>The words of the current step, after <paramref name="before"/>, and the keys it waits for.</summary>
    private async Task<Answer> PromptAsync(VoiceCall call, IReadOnlyList<Spoken> before, CancellationToken ct)
    {
        var lang = call.Language;
        var lines = before.ToList();
        switch (call.Step)
        {
            case VoiceStep.ChoosingLanguage:
                lines.AddRange(Languages.All.Select(l => words.Say(l, "Ivr.LanguageChoice")));
                break;
            case VoiceStep.ConfirmingNumber:
                lines.Add(words.Say(lang, "Ivr.Number", VoiceWords.Digits(call.Phone!)));
                break;
            case VoiceStep.TypingNumber:
                lines.Add(words.Say(lang, "Ivr.TypeNumber"));
                return new Answer(lines, KeyInput.UntilHash);
            case VoiceStep.AnsweringNeeds or VoiceStep.ChoosingInterpreter or VoiceStep.TypingProxyNumber or VoiceStep.ConfirmingProxy:
                return NeedsPrompt(call, lines);
            case VoiceStep.ChoosingTime:
                lines.Add(words.Say(lang, "Ivr.Times"));
                lines.AddRange(call.OfferedSlots().Select((s, i) => words.Say(lang, "Ivr.TimeOption", words.Slot(lang, s), i + 1)));
                lines.Add(words.Say(lang, "Ivr.TimesMore"));
                if (CanWait(call))
                {
                    lines.Add(words.Say(lang, "Ivr.WaitlistKey"));
                }
                break;
            case VoiceStep.OfferingWaitlist or VoiceStep.ChoosingDayPart:
                WaitlistPrompt(call, lines);
                break;
            case VoiceStep.ChoosingWeek:
                lines.Add(words.Say(lang, "Ivr.Week"));
                break;
            case VoiceStep.ConfirmingTime:
                lines.Add(words.Say(lang, "Ivr.ConfirmTime", words.Slot(lang, call.Chosen!.Value)));
                break;
            case VoiceStep.ChoosingAction or VoiceStep.ConfirmingCancel:
                if (await ActiveAsync(call, ct) is not { } active)
                {
                    return End(call, [.. lines, words.Say(lang, "Ivr.TooLate")]);
                }
                lines.Add(words.Say(lang, call.Step == VoiceStep.ChoosingAction ? "Ivr.Existing" : "Ivr.ConfirmCancel", words.Slot(lang, active.SlotStart)));
                break;
        }
        return new Answer(lines, KeyInput.OneKey);
    }

    /// <summary>Up to three free times that fit the call (its length from the contact rules, or the booking being moved).</summary>
    private async Task<Answer> OfferAsync(VoiceCall call, IReadOnlyList<Spoken> before, CancellationToken ct)
    {
        var lang = call.Language;
        int slotCount;
        var callback = CallbackMode.Voice;
        Instant? except = null;
        if (call.Moving)
        {
            if (await ActiveAsync(call, ct) is not { } active)
            {
                return End(call, [.. before, words.Say(lang, "Ivr.TooLate")]);
            }
            (slotCount, except, lang, callback) = (active.SlotCount, active.SlotStart, active.Language, active.Plan.Callback.Value);
        }
        else
        {
            var plan = PlanOf(call);
            if (!plan.Reachable)
            {
                return End(call, [.. before, words.Say(lang, "Ivr.Unreachable")]);
            }
            (slotCount, callback) = (plan.Slots.Value, plan.Callback.Value);
        }
        var free = await FreeAsync(call.FromDate, call.Skip, slotCount, except, lang, ct, callback);
        var lines = before.ToList();
        if (free.Count == 0 && call.Skip > 0)
        {
            // Past the last free time: from the first ones again.
            lines.Add(words.Say(call.Language, "Ivr.NoTimes"));
            call.Skip = 0;
            free = await FreeAsync(call.FromDate, 0, slotCount, except, lang, ct, callback);
        }
        if (free.Count == 0)
        {
            if (CanWait(call))
            {
                call.Go(VoiceStep.OfferingWaitlist);
                return await PromptAsync(call, before, ct);
            }
            return End(call, [.. before, words.Say(call.Language, "Ivr.NoTimes"), words.Say(call.Language, "Ivr.Help")]);
        }
        call.Offer(free);
        call.Go(VoiceStep.ChoosingTime);
        return await PromptAsync(call, lines, ct);
    }

    /// <summary>The final key: the booking, all or nothing, under the rules every front end uses.</summary>
    private async Task<Answer> BookAsync(VoiceCall call, CancellationToken ct)
    {
        var lang = call.Language;
        PhoneNumber.TryParse(call.Phone, out var phone);
        var outcome = await bookings.BookAsync(call.Chosen!.Value, phone!, lang, null, null, NeedsOf(call), FrontEnd.Phone, ct: ct);
        switch (outcome)
        {
            case BookingOutcome.Done done:
                return Confirmed(call, "Ivr.Booked", done.Booking);
            case BookingOutcome.PhoneAlreadyBooked:
                return await bookings.ActiveForPhoneAsync(phone!.E164, ct) is { } other
                    ? End(call, words.Say(lang, "Ivr.AlreadyBooked", words.Slot(lang, other.SlotStart)))
                    : End(call, words.Say(lang, "Ivr.Busy"));
            case BookingOutcome.Unreachable:
                return End(call, words.Say(lang, "Ivr.Unreachable"));
            default:
                // Taken meanwhile, or no longer bookable: the free times again.
                (call.FromDate, call.Skip) = (null, 0);
                return await OfferAsync(call, [words.Say(lang, "Ivr.Taken")], ct);
        }
    }

    private async Task<Answer> MoveAsync(VoiceCall call, CancellationToken ct)
    {
        var outcome = await bookings.MoveByCallAsync(call.Phone!, SlotTimes.Format(call.Chosen!.Value, calendar.Zone), ct);
        switch (outcome)
        {
            case BookingOutcome.Done done:
                return Confirmed(call, "Ivr.Moved", done.Booking);
            case BookingOutcome.NotFound or BookingOutcome.Refused:
                return End(call, words.Say(call.Language, "Ivr.TooLate"));
            default:
                (call.FromDate, call.Skip) = (null, 0);
                return await OfferAsync(call, [words.Say(call.Language, "Ivr.Taken")], ct);
        }
    }

    private Answer Confirmed(VoiceCall call, string key, Booking booking) =>
        End(call, [.. words.Confirmation(call.Language, key, booking)]) with { Touched = booking.Id };

    /// <summary>The contact plan of a new call by phone: the caller's number, no email, the needs answered.</summary>
    private ContactPlan PlanOf(VoiceCall call)
    {
        PhoneNumber.TryParse(call.Phone, out var phone);
        return bookings.Plan(call.Language, phone!.Kind, hasEmail: false, NeedsOf(call));
    }

    private Task<Booking?> ActiveAsync(VoiceCall call, CancellationToken ct) =>
        call.Phone is { } phone ? bookings.ActiveForPhoneAsync(phone, ct) : Task.FromResult<Booking?>(null);

}
