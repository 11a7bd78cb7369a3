using Allo.Domain.Bookings;

namespace Allo.Domain.Contact;

/// <summary>A way of reaching a person.</summary>
public enum Channel
{
    Sms,
    Voice,
    Email,
}

/// <summary>
/// Everything booking captures that bears on how to reach a citizen: the input of the contact rules.
/// </summary>
public sealed record ContactProfile
{
    public required Language Language { get; init; }
    public required PhoneKind PhoneKind { get; init; }
    public bool HasEmail { get; init; }
    public Needs Needs { get; init; } = Needs.None;
    /// <summary>Channels the citizen said STOP to (or the equivalent); never used.</summary>
    public IReadOnlySet<Channel> OptedOut { get; init; } = new HashSet<Channel>();
    /// <summary>The operator configured a relay service (Relay:*): an agent can call a deaf citizen's landline through it.</summary>
    public bool RelayAvailable { get; init; }
    /// <summary>The longest call the relay service allows, in whole slots (Relay:MaxCallMinutes over the slot length); null when it sets no limit.</summary>
    public int? RelayMaxSlots { get; init; }

    public static ContactProfile For(Booking booking, IReadOnlySet<Channel>? optedOut = null, bool relayAvailable = false) => new()
    {
        RelayAvailable = relayAvailable,
        Language = booking.Language,
        PhoneKind = booking.PhoneKind,
        HasEmail = booking.Email is not null,
        Needs = booking.Needs,
        OptedOut = optedOut ?? new HashSet<Channel>(),
    };

    /// <summary>Text messages only ever go to numbers known to be mobile.</summary>
    public bool CanText => PhoneKind == PhoneKind.Mobile && !OptedOut.Contains(Channel.Sms);

    public bool CanHearVoice => !Needs.Hearing && !OptedOut.Contains(Channel.Voice);

    public bool CanEmail => HasEmail && !OptedOut.Contains(Channel.Email);

    public bool ProxyTakesCall => Needs.Proxy is { TakesCall: true };

    /// <summary>Deaf or hard of hearing, with no mobile and no helper on the call: the callback needs another way.</summary>
    public bool HearingWithoutTextOrHelper => Needs.Hearing && !CanText && !ProxyTakesCall;
}
