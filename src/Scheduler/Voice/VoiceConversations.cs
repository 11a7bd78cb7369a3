using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Voice;

/// <summary>
/// Booking, moving and cancelling by phone call with the keypad, and joining the waitlist when no time
/// suits. Each request of a call is answered once (<see cref="CallTurns"/>). The booking is made only at
/// the final key, through the same booking service (and seat ledger) as every front end.
/// </summary>
public sealed partial class VoiceConversations(
    AlloDbContext db,
    BookingService bookings,
    VoiceWords words,
    SlotCalendar calendar,
    IOutboxSignal signal,
    IClock clock,
    Waitlist.WaitlistService waitlist)
{
    private const int Offers = 3;

    // Twilio's stand-ins for a withheld number ("anonymous" spelled on a keypad, and the like).
    private static readonly HashSet<string> Withheld = ["+266696687", "+7378742833", "+2562533", "+8656696"];

    /// <param name="turn">Which request of the call this is: 0 for the first, then what the last answer asked for.</param>
    /// <param name="from">The caller's number as Twilio gives it; anything we cannot call back is taken as withheld.</param>
    /// <param name="digits">The keys pressed, or null for silence.</param>
    public Task<VoiceReply> HandleAsync(string callSid, int turn, string? from, string? digits, CancellationToken ct = default) =>
        CallTurns.AnswerOnceAsync(db, signal, clock, callSid, turn, () => AnswerAsync(callSid, turn, from, Clean(digits), ct), () => Goodbye(Language.Nl), ct);

    /// <summary>The last answer of a call, for the dev phone; null before the first request.</summary>
    public async Task<(int Turn, VoiceReply Reply)?> LatestAsync(string callSid, CancellationToken ct = default)
    {
        var last = await db.VoiceTurns.AsNoTracking().Where(t => t.CallSid == callSid && t.Reply != null)
            .OrderByDescending(t => t.Turn).FirstOrDefaultAsync(ct);
        return last is null ? null : (last.Turn, VoiceReply.FromJson(last.Reply!));
    }

    /// <summary>What a caller hears when the menu cannot go on (a failure, a request out of turn): help, then goodbye.</summary>
    public VoiceReply Goodbye(Language language) => new([words.Say(language, "Ivr.Help")], null, 0);

    /// <summary>Four languages, for an apology before we know the caller's.</summary>
    public VoiceReply Apology() => new(Languages.All.Select(l => words.Say(l, "Ivr.Busy")).ToList(), null, 0);

    private async Task<(VoiceReply, Guid?)> AnswerAsync(string callSid, int turn, string? from, string? digits, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var call = await db.VoiceCalls.AsNoTracking().FirstOrDefaultAsync(c => c.CallSid == callSid, ct);
        var isNew = call is null;
        Answer answer;
        if (call is null)
        {
            call = new VoiceCall { CallSid = callSid, Turn = turn, From = Caller(from), StartedAt = now };
            answer = await StartAsync(call, ct);
        }
        else if (turn != call.Turn + 1 || call.Step == VoiceStep.Ended)
        {
            // Not the request the last answer asked for: Twilio never sends it; nothing changes.
            return (Goodbye(call.Language), null);
        }
        else
        {
            call.Turn = turn;
            answer = await StepAsync(call, digits, ct);
        }
        call.UpdatedAt = now;
        // The booking service may have cleared the change tracker; the call is saved as it stands now.
        if (isNew)
        {
            db.VoiceCalls.Add(call);
        }
        else
        {
            db.VoiceCalls.Update(call);
        }
        await db.SaveChangesAsync(ct);
        return (new VoiceReply(answer.Lines, call.Step == VoiceStep.Ended ? null : answer.Listen, call.Turn + 1), answer.Touched);
    }

    private static string? Caller(string? from) =>
        from is null || Withheld.Contains(from.Trim()) || PhoneNumber.TryParse(from, out var phone) != PhoneProblem.None ? null : phone!.E164;

    private static string? Clean(string? digits)
    {
        var keys = new string((digits ?? "").Where(c => char.IsAsciiDigit(c) || c is '*' or '#').ToArray()).TrimEnd('#');
        return keys.Length == 0 ? null : keys;
    }

    /// <summary>The first free starts for a call of <paramref name="slotCount"/> slots in that language, from a day on, after the ones already heard.</summary>
    private async Task<IReadOnlyList<Instant>> FreeAsync(LocalDate? fromDate, int skip, int slotCount, Instant? except, Language language, CancellationToken ct, CallbackMode callback = CallbackMode.Voice)
    {
        var today = calendar.Today(clock.GetCurrentInstant());
        var start = fromDate is { } day && day > today ? day : today;
        var found = new List<Instant>();
        for (var week = start; found.Count < skip + Offers && week <= today.PlusDays(calendar.Hours.HorizonDays); week = week.PlusDays(7))
        {
            found.AddRange((await bookings.AvailabilityAsync(week, 7, language, ct, slotCount, callback))
                .Where(a => a.SeatsLeft > 0 && a.Slot.Start != except)
                .Select(a => a.Slot.Start));
        }
        return found.Skip(skip).Take(Offers).ToList();
    }
}
