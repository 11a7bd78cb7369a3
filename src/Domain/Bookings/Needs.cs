namespace Allo.Domain.Bookings;

/// <summary>
/// What would help the citizen, as they answered it. Kept as plain facts; what follows from them
/// (channels, format, slot length) is decided by the contact rules, not here.
/// </summary>
public sealed record Needs
{
    public bool Hearing { get; init; }
    public bool Sight { get; init; }
    public bool Reading { get; init; }
    public bool MoreTime { get; init; }
    public bool Speech { get; init; }
    /// <summary>The language the citizen would rather speak, when it is none of ours (for an interpreter).</summary>
    public string? OtherLanguage { get; init; }
    public bool PrefersCall { get; init; }
    public bool PrefersText { get; init; }
    /// <summary>Someone else (family, a social worker) who receives the reminders.</summary>
    public ProxyContact? Proxy { get; init; }
    /// <summary>
    /// The married or legally cohabiting partner who files one joint return with the citizen and is on
    /// the same call: their name only, personal data like the citizen's own.
    /// </summary>
    public string? PartnerName { get; init; }

    public static Needs None { get; } = new();
}

public sealed record ProxyContact
{
    public required string Name { get; init; }
    public required PhoneNumber Phone { get; init; }
    /// <summary>The citizen agrees that the agent calls this person, who takes the call with or for them.</summary>
    public bool TakesCall { get; init; }
}
