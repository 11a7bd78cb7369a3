using Allo.Domain.Bookings;
using Allo.Scheduler.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>What the service keeps about citizens, and for how long.</summary>
public sealed class RetentionJob(AlloDbContext db, MessagingSettings settings, IClock clock, Privacy.AccessLogSettings? accessLogSettings = null)
{
    private readonly Privacy.AccessLogSettings accessLog = accessLogSettings ?? new();

    public const string Id = "retention";

    /// <summary>Daily: personal data of calls older than the retention period is erased (numbers, names, message bodies, notes, feedback words); anonymous counts and ratings stay. Access log entries older than theirs are deleted.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task EraseExpiredAsync(CancellationToken ct)
    {
        var retention = Duration.FromDays(settings.RetentionDays);
        var cutoff = clock.GetCurrentInstant() - retention;
        // Texts citizens sent (number and words) and conversation states are kept no longer than the calls.
        await db.InboundTexts.Where(t => t.ReceivedAt < cutoff).ExecuteDeleteAsync(ct);
        await db.TextConversations.Where(c => c.UpdatedAt < cutoff).ExecuteDeleteAsync(ct);
        // Phone calls to the menu: their numbers and answers likewise.
        await db.VoiceTurns.Where(t => t.At < cutoff).ExecuteDeleteAsync(ct);
        await db.VoiceCalls.Where(c => c.UpdatedAt < cutoff).ExecuteDeleteAsync(ct);
        // The access log is kept for its own period (a year by default), not the bookings': it must still
        // show who saw a booking after the booking's personal data is gone. It holds none itself.
        var logCutoff = clock.GetCurrentInstant() - Duration.FromDays(accessLog.RetentionDays);
        await db.AccessLog.Where(e => e.At < logCutoff).ExecuteDeleteAsync(ct);
        // The API's stored answers to retries (a citizen's details, a manage token) live a day at most.
        await db.IdempotencyKeys.Where(k => k.ExpiresAt < clock.GetCurrentInstant()).ExecuteDeleteAsync(ct);
        await EraseWaitlistAsync(retention, cutoff, ct);
        while (true)
        {
            // A call still open this long after its slot was never closed (the end-of-day job was not
            // running): it is erased the night after its close, and the rest are erased meanwhile.
            var batch = await db.Bookings.Where(b => b.ErasedAt == null && b.SlotEnd < cutoff && !BookingStatuses.Active.Contains(b.Status))
                .Take(200).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }
            var ids = batch.Select(b => b.Id).ToList();
            foreach (var booking in batch)
            {
                booking.Erase(clock.GetCurrentInstant(), retention);
            }
            await db.OutboundMessages.Where(m => ids.Contains(m.BookingId)).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.To, Booking.ErasedPhone)
                .SetProperty(m => m.Body, (string?)null)
                .SetProperty(m => m.Link, (string?)null), ct);
            // The agents' notes and the citizens' own words go too; outcomes and ratings stay, anonymous.
            await db.CallRecords.Where(r => ids.Contains(r.BookingId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Note, (string?)null), ct);
            await db.Feedback.Where(f => ids.Contains(f.BookingId)).ExecuteUpdateAsync(s => s.SetProperty(f => f.Words, (string?)null), ct);
            // So do agents' reasons for taking a call outside their languages (docs/decisions/0017): who and when stay.
            await db.ClaimReasons.Where(r => ids.Contains(r.BookingId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Reason, ""), ct);
            var references = batch.Select(b => b.Reference).ToList();
            await db.IdempotencyKeys.Where(k => k.Reference != null && references.Contains(k.Reference)).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    // Who waited goes when the period after leaving the list is over; when, for which days and how it
    // ended stay for the managers' figures. Their offers' bookings are erased with the other bookings.
    private async Task EraseWaitlistAsync(Duration retention, Instant cutoff, CancellationToken ct)
    {
        while (true)
        {
            var batch = await db.WaitlistEntries
                .Where(e => e.LeftAt != null && e.LeftAt < cutoff && e.PhoneE164 != Booking.ErasedPhone)
                .Take(200).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }
            foreach (var entry in batch)
            {
                entry.Erase(clock.GetCurrentInstant(), retention);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
