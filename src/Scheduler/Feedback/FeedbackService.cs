using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Feedback;

public enum FeedbackResult
{
    Saved,
    /// <summary>No call we asked about: unknown, not helped, or its data already erased.</summary>
    NotAsked,
    /// <summary>Nothing usable in the answer (an empty text, a key that is not 1–5).</summary>
    Empty,
}

/// <summary>
/// Stores what citizens answer to the thank-you, from any source, one feedback per call and source:
/// a repeated webhook or a second text adds to the first instead of counting twice.
/// </summary>
public sealed class FeedbackService(AlloDbContext db, IClock clock)
{
    /// <summary>How long after the thank-you a text message still counts as an answer to it.</summary>
    public static readonly Duration SmsAnswerWindow = Duration.FromDays(7);

    public async Task<Booking?> AskedAboutAsync(Guid bookingId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        return booking is { Status: BookingStatus.Helped, ErasedAt: null } ? booking : null;
    }

    public async Task<FeedbackResult> ReceiveAsync(Guid bookingId, FeedbackSource source, FeedbackReply? reply, CancellationToken ct = default)
    {
        if (await AskedAboutAsync(bookingId, ct) is not { } booking)
        {
            return FeedbackResult.NotAsked;
        }
        if (reply is null)
        {
            return FeedbackResult.Empty;
        }
        var agent = await db.CallRecords.AsNoTracking()
            .Where(r => r.BookingId == bookingId && r.Outcome == CallOutcome.Helped)
            .Select(r => r.AgentId)
            .FirstOrDefaultAsync(ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            db.ChangeTracker.Clear();
            var now = clock.GetCurrentInstant();
            var existing = await db.Feedback.FirstOrDefaultAsync(f => f.BookingId == bookingId && f.Source == source, ct);
            if (existing is null)
            {
                db.Feedback.Add(CallFeedback.Receive(bookingId, source, reply, booking.Plan.Language.Value, agent, now));
            }
            else
            {
                existing.Add(reply, now);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return FeedbackResult.Saved;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // The same answer arrived twice at once; the second adds to the first.
            }
        }
        return FeedbackResult.NotAsked;
    }

    /// <summary>A key pressed after the spoken thank-you that <paramref name="messageId"/> was, and the language to answer in.</summary>
    public async Task<(FeedbackResult Result, Domain.Language Language)> ReceiveKeyAsync(Guid messageId, string? digits, CancellationToken ct = default)
    {
        var message = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Id == messageId && m.Kind == MessageKind.ThankYou)
            .Select(m => new { m.BookingId, m.Language })
            .FirstOrDefaultAsync(ct);
        if (message is null)
        {
            return (FeedbackResult.NotAsked, Domain.Language.Nl);
        }
        var rating = digits is { Length: 1 } && digits[0] is >= '1' and <= '5' ? digits[0] - '0' : (int?)null;
        var result = await ReceiveAsync(message.BookingId, FeedbackSource.Voice, rating is null ? null : FeedbackReply.From(rating, null), ct);
        return (result, message.Language);
    }

    /// <summary>
    /// The call a text message from <paramref name="phoneE164"/> answers: the latest helped call whose
    /// thank-you text went to that number in the last week, or null.
    /// </summary>
    public async Task<Guid?> AwaitingSmsAnswerAsync(string phoneE164, CancellationToken ct = default)
    {
        var since = clock.GetCurrentInstant() - SmsAnswerWindow;
        return await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Kind == MessageKind.ThankYou && m.Channel == Domain.Contact.Channel.Sms && m.To == phoneE164
                && m.SentAt != null && m.SentAt >= since)
            .OrderByDescending(m => m.SentAt)
            .Select(m => (Guid?)m.BookingId)
            .FirstOrDefaultAsync(ct);
    }
}
