using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Waitlist;
using NodaTime;

namespace Allo.Scheduler.Voice;

/// <summary>
/// The waitlist by keypad: when none of the times heard suits, or there are none, 9 joins it. One
/// question follows (mornings, afternoons or either) for the days the caller was looking at: from the
/// week they chose (or the first bookable day) to the last bookable day, as a text's WAIT does. The
/// spoken answer is the confirmation, saying how the offer will come (a text to a mobile, a call to a
/// landline, from the plan). Only for a new call: someone moving theirs keeps it.
/// </summary>
public sealed partial class VoiceConversations
{
    private async Task<Answer> WaitlistStepAsync(VoiceCall call, string? keys, CancellationToken ct)
    {
        var lang = call.Language;
        switch (call.Step, keys)
        {
            case (VoiceStep.ChoosingTime or VoiceStep.OfferingWaitlist, "9"):
                if (await waitlist.InLineAsync(call.Phone!, ct) is { } waiting)
                {
                    return End(call, Already(lang, waiting));
                }
                call.Go(VoiceStep.ChoosingDayPart);
                return await PromptAsync(call, [], ct);
            case (VoiceStep.ChoosingDayPart, "1" or "2" or "3"):
                var parts = keys switch { "1" => DayParts.Morning, "2" => DayParts.Afternoon, _ => DayParts.Any };
                var (first, last) = WishedDays(call);
                PhoneNumber.TryParse(call.Phone, out var phone);
                return await waitlist.JoinAsync(phone!, lang, null, null, NeedsOf(call), first, last, parts, FrontEnd.Phone, ct) switch
                {
                    JoinOutcome.Joined joined => End(call, words.Say(lang, JoinedKey(joined.Entry.Plan), words.Day(lang, joined.Entry.FirstDay), words.Day(lang, joined.Entry.LastDay))),
                    JoinOutcome.AlreadyWaiting already => End(call, Already(lang, already.Entry)),
                    _ => End(call, words.Say(lang, "Ivr.Help")),
                };
            default:
                return await MissAsync(call, words.Say(lang, "Ivr.Again"), ct);
        }
    }

    private void WaitlistPrompt(VoiceCall call, List<Spoken> lines)
    {
        var lang = call.Language;
        if (call.Step == VoiceStep.OfferingWaitlist)
        {
            lines.Add(words.Say(lang, "Ivr.NoTimes"));
            lines.Add(words.Say(lang, "Ivr.WaitlistNoTimes"));
            return;
        }
        var (first, last) = WishedDays(call);
        lines.Add(words.Say(lang, "Ivr.WaitlistParts", words.Day(lang, first), words.Day(lang, last)));
    }

    /// <summary>Whether 9 is offered: a new call whose plan has a channel that can carry an offer's answer.</summary>
    private bool CanWait(VoiceCall call) => !call.Moving && MessagePlanner.OfferChannels(PlanOf(call)).Any();

    /// <summary>From the week the caller chose (or the first bookable day) to the last bookable day.</summary>
    private (LocalDate First, LocalDate Last) WishedDays(VoiceCall call)
    {
        var bookable = calendar.BookableDates(clock.GetCurrentInstant());
        var first = call.FromDate is { } from && from > bookable.Start ? LocalDate.Min(from, bookable.End) : bookable.Start;
        return (first, bookable.End);
    }

    private Spoken Already(Language lang, WaitlistEntry entry) =>
        words.Say(lang, "Ivr.WaitlistAlready", words.Day(lang, entry.FirstDay), words.Day(lang, entry.LastDay));

    private static string JoinedKey(ContactPlan plan) => MessagePlanner.OfferChannels(plan).Select(m => (Channel?)m.Channel).FirstOrDefault() switch
    {
        Channel.Sms => "Ivr.WaitlistJoined.Sms",
        Channel.Voice => "Ivr.WaitlistJoined.Voice",
        _ => "Ivr.WaitlistJoined",
    };
}
