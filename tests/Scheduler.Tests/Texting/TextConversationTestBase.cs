using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Domain.Feedback;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Scheduler.Texting;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace Allo.Scheduler.Tests.Texting;

/// <summary>A fresh database, the text conversations on it with a clock the test controls, and a phone to text from.</summary>
public abstract class TextConversationTestBase(DatabaseProvider provider) : BookingTestBase(provider)
{
    private int _sid;

    protected TextConversations Conversations(AlloDbContext db)
    {
        var texts = TestTexts.For(Calendar, Settings, Clock);
        return new TextConversations(db, NewService(db), new FeedbackService(db, Clock),
            new TextReplies(texts, Calendar, Settings), Calendar, Signal, Clock);
    }

    /// <summary>The citizen at <paramref name="phone"/> texts <paramref name="body"/>; the service's reply.</summary>
    protected async Task<string> TextAsync(string phone, string body, string? sid = null)
    {
        await using var db = Database.NewContext();
        var reply = await Conversations(db).HandleAsync(sid ?? $"SM{Interlocked.Increment(ref _sid):D32}", phone, body);
        Assert.True(SmsSegments.Count(reply) == 1, $"more than one segment: {reply}");
        return reply;
    }

    protected async Task<T> QueryAsync<T>(Func<AlloDbContext, Task<T>> query)
    {
        await using var db = Database.NewContext();
        return await query(db);
    }

    protected Task<Booking?> ActiveAsync(string e164) =>
        QueryAsync(db => db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.PhoneE164 == e164 && BookingStatuses.Active.Contains(b.Status)));

    protected Task<IReadOnlyList<Instant>> OfferedAsync(string e164) =>
        QueryAsync(async db => (await db.TextConversations.AsNoTracking().SingleAsync(c => c.Phone == e164)).OfferedSlots());
}
