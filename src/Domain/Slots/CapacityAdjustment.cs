using NodaTime;

namespace Allo.Domain.Slots;

public enum AdjustmentKind
{
    /// <summary>No calls on these days (a closure, a strike, a training day).</summary>
    Closed,
    /// <summary>More agents on shift every hour of these days (the weeks before the filing deadline).</summary>
    Extra,
}

/// <summary>
/// A manager's change to the weekly capacity for a range of dates. Public holidays need none: the
/// calendar closes them already.
/// </summary>
public sealed class CapacityAdjustment
{
    private CapacityAdjustment()
    {
        Reason = null!;
        Languages = "";
    }

    public Guid Id { get; private set; }
    public LocalDate From { get; private set; }
    public LocalDate To { get; private set; }
    public AdjustmentKind Kind { get; private set; }
    /// <summary>Agents added to every hour, for <see cref="AdjustmentKind.Extra"/>.</summary>
    public int ExtraAgents { get; private set; }
    /// <summary>
    /// The languages the extra agents speak, as codes ("de,fr"); empty for the extras added before
    /// managers were asked, which count in every language.
    /// </summary>
    public string Languages { get; private set; }
    public string Reason { get; private set; }
    public Instant CreatedAt { get; private set; }

    public const int MaxExtraAgents = 500;

    public static CapacityAdjustment Close(LocalDate from, LocalDate to, string reason, Instant now) =>
        Create(from, to, AdjustmentKind.Closed, 0, reason, now);

    /// <summary>
    /// Extra agents on these days who all speak <paramref name="speaking"/>: they add seats to every slot,
    /// and to those languages' seats only, so extra French speakers never make room for a German call.
    /// </summary>
    public static CapacityAdjustment AddAgents(LocalDate from, LocalDate to, int extraAgents, IReadOnlyCollection<Language> speaking, string reason, Instant now)
    {
        if (extraAgents is < 1 or > MaxExtraAgents)
        {
            throw new ArgumentOutOfRangeException(nameof(extraAgents), extraAgents, $"Extra agents are 1 to {MaxExtraAgents}.");
        }
        if (speaking.Count == 0)
        {
            throw new ArgumentException("Say which languages the extra agents speak.", nameof(speaking));
        }
        var adjustment = Create(from, to, AdjustmentKind.Extra, extraAgents, reason, now);
        adjustment.Languages = string.Join(',', Domain.Languages.All.Where(speaking.Contains).Select(l => l.Code()));
        return adjustment;
    }

    public bool Covers(LocalDate date) => date >= From && date <= To;

    /// <summary>The languages the extra agents speak (every language for extras added before managers were asked).</summary>
    public IReadOnlyList<Language> Speaking =>
        Languages.Length == 0 ? Domain.Languages.All : [.. Domain.Languages.All.Where(l => Languages.Split(',').Contains(l.Code()))];

    /// <summary>The extra agents who add a seat in <paramref name="language"/>.</summary>
    public int ExtraSpeakers(Language language) => Speaking.Contains(language) ? ExtraAgents : 0;

    private static CapacityAdjustment Create(LocalDate from, LocalDate to, AdjustmentKind kind, int extra, string reason, Instant now)
    {
        if (to < from)
        {
            throw new ArgumentException("The last day is before the first.", nameof(to));
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Say why, so colleagues understand the change.", nameof(reason));
        }
        return new CapacityAdjustment
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()),
            From = from,
            To = to,
            Kind = kind,
            ExtraAgents = extra,
            Reason = reason.Trim(),
            CreatedAt = now,
        };
    }
}
