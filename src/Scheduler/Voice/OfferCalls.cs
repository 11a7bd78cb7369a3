using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Waitlist;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Voice;

/// <summary>
/// The keys pressed in a spoken waitlist offer (the call to a landline, <see cref="MessageKind.WaitlistOffer"/>
/// by voice): 1 takes the held time, 2 says no, another key or silence hears the question once more and
/// then a goodbye. The answer goes through the same <see cref="WaitlistService"/> as a text's yes or the
/// email's link, so a key after the offer passed on hears that it did, and what comes next. Each request
/// is answered once (<see cref="CallTurns"/>): Twilio's retry books once and hears the same words.
/// </summary>
public sealed class OfferCalls(AlloDbContext db, WaitlistService waitlist, VoiceWords words, IOutboxSignal signal, IClock clock)
{
    /// <summary>The offer call's own TwiML posts turn 1; the question asked once more posts turn 2, the last.</summary>
    public const int LastTurn = 2;

    private static readonly VoiceReply Silent = new([], null, 0);

    /// <param name="messageId">The offer message the call was, from the signed address its &lt;Gather&gt; posts to.</param>
    /// <param name="digits">The key pressed, or null for silence.</param>
    public async Task<VoiceReply> AnswerAsync(Guid messageId, string callSid, int turn, string? digits, CancellationToken ct = default)
    {
        var offer = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Id == messageId && m.Kind == MessageKind.WaitlistOffer && m.Channel == Channel.Voice)
            .Select(m => new { m.BookingId, m.Language })
            .FirstOrDefaultAsync(ct);
        if (offer is null || turn is < 1 or > LastTurn)
        {
            // Not an offer call of ours, or a turn no answer of ours asked for: nothing to say.
            return Silent;
        }
        return await CallTurns.AnswerOnceAsync(db, signal, clock, callSid, turn,
            () => KeyAsync(offer.BookingId, offer.Language, turn, digits?.Trim(), ct), () => Silent, ct);
    }

    private async Task<(VoiceReply, Guid?)> KeyAsync(Guid offered, Language lang, int turn, string? key, CancellationToken ct)
    {
        switch (key)
        {
            case "1":
                var accepted = await waitlist.AcceptOfferAsync(offered, ct);
                return accepted is AnswerOutcome.Booked booked
                    ? (new VoiceReply(words.Confirmation(lang, "Ivr.Booked", booked.Booking), null, 0), booked.Booking.Id)
                    : (Said(lang, Late(accepted)), null);
            case "2":
                var declined = await waitlist.DeclineOfferAsync(offered, ct);
                return (Said(lang, declined is AnswerOutcome.Declined ? "Voice.OfferDeclined" : Late(declined)), null);
            case var _ when turn < LastTurn:
                var slot = await db.Bookings.AsNoTracking().Where(b => b.Id == offered).Select(b => b.SlotStart).FirstAsync(ct);
                return (new VoiceReply([words.Say(lang, "Ivr.Again"), words.Say(lang, "Voice.OfferAgain", words.Slot(lang, slot))], KeyInput.OneKey, turn + 1), null);
            default:
                return (Said(lang, "Voice.OfferGoodbye"), null);
        }
    }

    /// <summary>The offer passed on before the key: still in line for the next free time, or how to book or join again.</summary>
    private static string Late(AnswerOutcome outcome) =>
        outcome is AnswerOutcome.TooLate { StillWaiting: true } ? "Voice.OfferTooLate" : "Voice.OfferTooLateLeft";

    private VoiceReply Said(Language lang, string key) => new([words.Say(lang, key)], null, 0);
}
