using Allo.Domain;
using Allo.Domain.Contact;
using NodaTime;

namespace Allo.Scheduler.Messaging;

public enum MessageKind
{
    Confirmation,
    Moved,
    Cancelled,
    ReminderDayBefore,
    ReminderHourBefore,
    HeadsUp,
    /// <summary>After a call that helped: thanks, and a question about how it went.</summary>
    ThankYou,
    /// <summary>After the last try without an answer (or a wrong number): how to book again.</summary>
    BookAgain,
    /// <summary>The day ended before anyone called (Calls:EndOfDay Message): sorry, and how to book again.</summary>
    NotCalled,
    /// <summary>The same with the first free time for this citizen, and a link that chooses it (Calls:EndOfDay Offer).</summary>
    NotCalledOffer,
    /// <summary>A seat held for a citizen on the waitlist: answer yes within the hold (docs/decisions/0031-the-waitlist.md).</summary>
    WaitlistOffer,
    /// <summary>The day ended before anyone called (Calls:EndOfDay Waitlist): sorry, they are first in line, and how to leave it.</summary>
    NotCalledWaitlist,
}

/// <summary>The one status vocabulary for a message, from the outbox to the citizen's phone.</summary>
public enum DeliveryStatus
{
    /// <summary>Written to the outbox, waiting for its time (or its next attempt).</summary>
    Queued,
    /// <summary>Claimed by a job that is talking to the provider now.</summary>
    Sending,
    /// <summary>The provider accepted it.</summary>
    Sent,
    /// <summary>The provider says it reached the phone or mailbox.</summary>
    Delivered,
    /// <summary>Gave up after the allowed attempts, or the provider reported a failure.</summary>
    Failed,
    /// <summary>It can never reach that address (not a valid number, the citizen said STOP).</summary>
    Undeliverable,
}

/// <summary>
/// One message the service owes a citizen, written in the same transaction as the booking change
/// that makes it due. This table, not the job queue, is the truth about what must be sent.
/// </summary>
public sealed class OutboundMessage
{
    public Guid Id { get; set; }
    public Guid BookingId { get; set; }
    /// <summary>The booking's sequence when this was written; a later change makes the message stale.</summary>
    public int BookingSequence { get; set; }
    public MessageKind Kind { get; set; }
    public Channel Channel { get; set; }
    public Recipient Recipient { get; set; }
    /// <summary>E.164 number or email address.</summary>
    public string To { get; set; } = "";
    public Language Language { get; set; }
    public MessageStyle Style { get; set; }
    public Instant DueAt { get; set; }
    public Instant NextAttemptAt { get; set; }
    /// <summary>Attempts whose outcome was recorded (sent, or failed and retried).</summary>
    public int Attempts { get; set; }
    /// <summary>
    /// Calls to the provider started, committed before each call. More than <see cref="Attempts"/> means a
    /// node died while the provider had it (or just before): the citizen may have got it once more.
    /// </summary>
    public int ProviderCalls { get; set; }
    /// <summary>
    /// Until when a dispatcher's batch holds this message, so other nodes' batches take other messages.
    /// Only a way to share the work: sending once is guaranteed by the claim, not by the lease.
    /// </summary>
    public Instant? LeasedUntil { get; set; }
    public DeliveryStatus Status { get; set; }
    public string? Body { get; set; }
    public string? Provider { get; set; }
    public string? ProviderId { get; set; }
    public string? LastError { get; set; }
    /// <summary>The message this one replaces after it could not be delivered on its own channel.</summary>
    public Guid? FallbackOf { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant? SentAt { get; set; }
    public Instant? StatusAt { get; set; }
    /// <summary>The free time a <see cref="MessageKind.NotCalledOffer"/> names, found when the call was closed.</summary>
    public Instant? OfferedStart { get; set; }
    /// <summary>
    /// A private link the message carries, relative to the public address, written when it is planned: a
    /// <see cref="MessageKind.NotCalledWaitlist"/>'s manage link of the waitlist place (its token is shown
    /// nowhere else). Erased with <see cref="Body"/>, which holds it too once sent.
    /// </summary>
    public string? Link { get; set; }

    public static bool IsFinal(DeliveryStatus status) =>
        status is DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.Undeliverable;
}

/// <summary>A citizen said STOP on a channel for an address; nothing is sent there again until START.</summary>
public sealed class ChannelOptOut
{
    public string Address { get; set; } = "";
    public Channel Channel { get; set; }
    public Instant At { get; set; }
}
