using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Voice;

/// <summary>
/// Each request of a call (its CallSid and turn) is answered once, in one transaction with its stored
/// answer: Twilio's retry, or a replay, gets the same answer and changes nothing; the same request twice
/// at once waits on the turn's row and gets the first one's answer; a crash before the commit leaves
/// nothing half-made. Shared by the phone menu and the keys pressed in a spoken offer.
/// </summary>
internal static class CallTurns
{
    /// <param name="answer">Answers the request inside the transaction; Touched is a booking whose messages are announced after the commit.</param>
    /// <param name="raced">The answer when the other request of a pair that came at once left none (it failed).</param>
    public static async Task<VoiceReply> AnswerOnceAsync(
        AlloDbContext db, IOutboxSignal signal, IClock clock, string callSid, int turn,
        Func<Task<(VoiceReply Reply, Guid? Touched)>> answer, Func<VoiceReply> raced, CancellationToken ct)
    {
        var seen = await StoredAsync(db, callSid, turn, ct);
        if (seen is not null)
        {
            return seen;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ChangeTracker.Clear();
        db.VoiceTurns.Add(new VoiceTurn { CallSid = callSid, Turn = turn, At = clock.GetCurrentInstant() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same request arrived twice at once, and the other one answered it.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await StoredAsync(db, callSid, turn, ct) ?? raced();
        }

        var (reply, touched) = await answer();
        var json = reply.ToJson();
        await db.VoiceTurns.Where(t => t.CallSid == callSid && t.Turn == turn).ExecuteUpdateAsync(s => s.SetProperty(t => t.Reply, json), ct);
        await tx.CommitAsync(ct);

        if (touched is { } bookingId)
        {
            await signal.AnnounceDueAfterCommitAsync(db, bookingId, clock.GetCurrentInstant(), ct);
        }
        return reply;
    }

    private static async Task<VoiceReply?> StoredAsync(AlloDbContext db, string callSid, int turn, CancellationToken ct)
    {
        var stored = await db.VoiceTurns.AsNoTracking().Where(t => t.CallSid == callSid && t.Turn == turn).Select(t => t.Reply).FirstOrDefaultAsync(ct);
        return stored is null ? null : VoiceReply.FromJson(stored);
    }
}
