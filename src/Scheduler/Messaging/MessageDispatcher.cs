using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Allo.Scheduler.Messaging;

public enum DispatchResult
{
    /// <summary>The provider took it.</summary>
    Sent,
    /// <summary>Not due yet (or waiting for its next attempt): try again at its time.</summary>
    NotDue,
    /// <summary>Another run sent it, or it reached a final state.</summary>
    AlreadyHandled,
    /// <summary>The booking changed or was withdrawn since the message was written: never sent.</summary>
    Stale,
    /// <summary>The provider failed; a later attempt is due at the message's NextAttemptAt.</summary>
    WillRetry,
    /// <summary>Given up on this channel; a fallback may have been written.</summary>
    GaveUp,
}

/// <summary>A message read for sending, with the booking it is rendered from and whether its address refused its channel.</summary>
public sealed record DueMessage(OutboundMessage Message, Booking Booking, bool OptedOut);

/// <summary>
/// Sends outbox messages, the way GOV.UK Notify's delivery tasks do: read, check the status and the
/// booking's version before any side effect, and retry a bounded number of times into a final failed
/// state. Messages go in groups (a batch's messages that have their send tokens, or one message): the
/// group's provider calls are counted and committed first (<see cref="OutboundMessage.ProviderCalls"/>),
/// then one transaction claims the group, holds its bookings' rows while the provider answers, and
/// records every outcome, so a move or cancel waits for a send in flight and never loses the race to a
/// stale reminder. A crash before the record rolls the claims back and those messages are sent again:
/// the only window for a duplicate (see docs/architecture.md), and it is counted.
/// </summary>
public sealed partial class MessageDispatcher(
    AlloDbContext db,
    IEnumerable<IMessageChannel> channels,
    MessageTexts texts,
    MessagePlanner planner,
    MessagingSettings settings,
    SendPacer pacer,
    IOutboxSignal signal,
    IClock clock,
    ILogger<MessageDispatcher> log)
{
    /// <summary>One message, on its own: read, checked, paced and sent as a group of one.</summary>
    public async Task<DispatchResult> DispatchAsync(Guid messageId, CancellationToken ct = default)
    {
        if ((await LoadAsync([messageId], ct)).FirstOrDefault() is not { } due)
        {
            return DispatchResult.Stale;
        }
        if (await CheckAsync(due, ct) is { } settled)
        {
            return settled;
        }
        await pacer.WaitAsync(due.Message.Channel, ct);
        return (await SendAsync([due], null, ct))[0];
    }

    /// <summary>
    /// The messages, their opt-outs and their bookings in one round trip, oldest due first. The booking
    /// read here is the one the text is rendered from; the claim succeeds only if its version is still
    /// the message's, and every change a text shows raises that version. (A join on the key: a
    /// FirstOrDefault subquery becomes a window over every booking.)
    /// </summary>
    public Task<List<DueMessage>> LoadAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) => (
            from m in db.OutboundMessages.AsNoTracking()
            join b in db.Bookings.AsNoTracking() on m.BookingId equals b.Id
            where ids.Contains(m.Id)
            orderby m.NextAttemptAt
            select new DueMessage(m, b, db.ChannelOptOuts.Any(o => o.Address == m.To && o.Channel == m.Channel)))
        .ToListAsync(ct);

    /// <summary>
    /// What can be settled before any token or provider call: null when the message is to be sent now;
    /// otherwise the result (an opted-out address is given up on here, and falls back).
    /// </summary>
    public async Task<DispatchResult?> CheckAsync(DueMessage due, CancellationToken ct)
    {
        var message = due.Message;
        if (message.Status != DeliveryStatus.Queued)
        {
            return DispatchResult.AlreadyHandled;
        }
        if (message.NextAttemptAt > clock.GetCurrentInstant())
        {
            return DispatchResult.NotDue;
        }
        if (due.OptedOut)
        {
            await GiveUpAsync(message, DeliveryStatus.Undeliverable, "The citizen opted out of this channel.", ct);
            return DispatchResult.GaveUp;
        }
        return null;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
