using Allo.Domain;
using NodaTime;

namespace Allo.Scheduler.Voice;

/// <summary>Where a phone call with the keypad menu stands.</summary>
public enum VoiceStep
{
    /// <summary>"Voor Nederlands, druk 1. Pour le français…"</summary>
    ChoosingLanguage,
    /// <summary>The caller's number said back: keep it (1) or type another (2).</summary>
    ConfirmingNumber,
    /// <summary>Typing the callback number, ended by #.</summary>
    TypingNumber,
    /// <summary>The needs question: 1 nothing (more), 2 more time, 3 hard of hearing, 4 another language, 5 someone else gets the reminders; asked again after each answer.</summary>
    AnsweringNeeds,
    /// <summary>Which language the interpreter speaks, from the short list of <see cref="Bookings.InterpreterLanguages"/>.</summary>
    ChoosingInterpreter,
    /// <summary>Typing the number of the person who gets the reminders, ended by #.</summary>
    TypingProxyNumber,
    /// <summary>That number said back: keep it (1), type it again (2), no one else (3).</summary>
    ConfirmingProxy,
    /// <summary>Up to three free times, one key each; 4 the next three, 5 another week, 9 the waitlist.</summary>
    ChoosingTime,
    /// <summary>Which week: next, the one after, or as soon as possible.</summary>
    ChoosingWeek,
    /// <summary>The chosen time repeated: book (1) or choose another (2). The booking is made only here.</summary>
    ConfirmingTime,
    /// <summary>The number's active booking said first: keep (1), move (2), cancel (3).</summary>
    ChoosingAction,
    /// <summary>"Cancel your call of …? 1 yes, 2 no."</summary>
    ConfirmingCancel,
    /// <summary>No free time at all: 9 joins the waitlist.</summary>
    OfferingWaitlist,
    /// <summary>Joining the waitlist: mornings (1), afternoons (2) or either (3).</summary>
    ChoosingDayPart,
    /// <summary>Hung up: every later request only hears goodbye.</summary>
    Ended,
}

/// <summary>
/// One phone call's conversation, keyed by Twilio's CallSid. Nothing here is a booking: the booking is
/// made in one go at the final key, so a caller who hangs up half-way leaves only this row.
/// </summary>
public sealed class VoiceCall
{
    public string CallSid { get; set; } = "";
    /// <summary>The caller's own number (E.164) when Twilio gave one we could call; null when withheld.</summary>
    public string? From { get; set; }
    /// <summary>The number to call back, once kept or typed.</summary>
    public string? Phone { get; set; }
    public Language Language { get; set; }
    public VoiceStep Step { get; set; }
    /// <summary>The turn answered last; Twilio's next request carries Turn + 1 in its address.</summary>
    public int Turn { get; set; }
    /// <summary>Wrong keys or silences in a row at this step; the second one ends the call.</summary>
    public int Misses { get; set; }
    /// <summary>Moving the number's active booking rather than making a new one.</summary>
    public bool Moving { get; set; }
    public bool MoreTime { get; set; }
    public bool Hearing { get; set; }
    /// <summary>The interpreter's language, as named in the call's language ("Arabisch"), or null.</summary>
    public string? OtherLanguage { get; set; }
    /// <summary>The number (E.164) of the person who gets the reminders, or null; said back before it counts.</summary>
    public string? ProxyPhone { get; set; }
    /// <summary>The first day the times are looked for from (another week), or null for as soon as possible.</summary>
    public LocalDate? FromDate { get; set; }
    /// <summary>How many free times were already offered from <see cref="FromDate"/> ("other times").</summary>
    public int Skip { get; set; }
    /// <summary>The slot starts offered, in key order, as ISO instants separated by spaces.</summary>
    public string? Offered { get; set; }
    public Instant? Chosen { get; set; }
    public Instant StartedAt { get; set; }
    public Instant UpdatedAt { get; set; }

    public IReadOnlyList<Instant> OfferedSlots() =>
        (Offered ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => NodaTime.Text.InstantPattern.ExtendedIso.Parse(t))
            .Where(r => r.Success)
            .Select(r => r.Value)
            .ToList();

    public void Offer(IEnumerable<Instant> slots) =>
        Offered = string.Join(' ', slots.Select(s => NodaTime.Text.InstantPattern.ExtendedIso.Format(s)));

    /// <summary>To the next step: the count of misses starts again.</summary>
    public void Go(VoiceStep step)
    {
        Step = step;
        Misses = 0;
    }
}

/// <summary>
/// The answer given to one request of a call (CallSid and turn): Twilio's retry of the same request,
/// or a replay, gets this answer again and changes nothing.
/// </summary>
public sealed class VoiceTurn
{
    public string CallSid { get; set; } = "";
    public int Turn { get; set; }
    /// <summary>The answer as <see cref="VoiceReply"/> JSON.</summary>
    public string? Reply { get; set; }
    public Instant At { get; set; }
}
