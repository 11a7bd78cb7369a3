using Allo.Domain;
using NodaTime;

namespace Allo.Scheduler.Texting;

/// <summary>
/// A text message a citizen sent, keyed by Twilio's MessageSid: a retry of the same webhook finds it
/// and gets the same reply, never a second booking.
/// </summary>
public sealed class InboundText
{
    public string Sid { get; set; } = "";
    public string From { get; set; } = "";
    /// <summary>The words as received (capped); personal data, erased after the retention period.</summary>
    public string? Body { get; set; }
    public Instant ReceivedAt { get; set; }
    public string? Reply { get; set; }
}

/// <summary>Where a conversation by text message stands; one per phone number.</summary>
public enum ConversationStep
{
    /// <summary>Nothing asked: the next message is read as a new command.</summary>
    None,
    /// <summary>Numbered free times were offered for a new booking.</summary>
    ChoosingSlot,
    /// <summary>A time was chosen; the one optional needs question was asked.</summary>
    AnsweringNeeds,
    /// <summary>Numbered free times were offered to move the active booking.</summary>
    ChoosingNewSlot,
    /// <summary>"Cancel your call of …? Reply YES or NO."</summary>
    ConfirmingCancel,
}

/// <summary>
/// The state of one number's conversation, so "2" means the second time offered. It expires after a
/// while of silence; an expired conversation reads the next message as a new command.
/// </summary>
public sealed class TextConversation
{
    public string Phone { get; set; } = "";
    public ConversationStep Step { get; set; }
    /// <summary>The citizen's language; null until a text, or a booking of the number, tells it (replies are then in Dutch and French).</summary>
    public Language? Language { get; set; }
    /// <summary>The slot starts offered, in order, as ISO instants separated by spaces.</summary>
    public string? Offered { get; set; }
    public Instant? Chosen { get; set; }
    public Instant UpdatedAt { get; set; }

    public static readonly Duration Lifetime = Duration.FromMinutes(30);

    public bool IsCurrent(Instant now) => Step != ConversationStep.None && now - UpdatedAt < Lifetime;

    public IReadOnlyList<Instant> OfferedSlots() =>
        (Offered ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => NodaTime.Text.InstantPattern.ExtendedIso.Parse(t))
            .Where(r => r.Success)
            .Select(r => r.Value)
            .ToList();

    public void Offer(ConversationStep step, IEnumerable<Instant> slots, Instant now)
    {
        Step = step;
        Offered = string.Join(' ', slots.Select(s => NodaTime.Text.InstantPattern.ExtendedIso.Format(s)));
        Chosen = null;
        UpdatedAt = now;
    }

    public void Move(ConversationStep step, Instant now, Instant? chosen = null)
    {
        Step = step;
        Chosen = chosen;
        if (step == ConversationStep.None)
        {
            Offered = null;
        }
        UpdatedAt = now;
    }
}
