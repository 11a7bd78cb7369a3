using System.Text.RegularExpressions;
using NodaTime;

namespace Allo.Domain.Feedback;

/// <summary>Where a citizen's thank-you or complaint came in.</summary>
public enum FeedbackSource
{
    /// <summary>A reply to the thank-you text message.</summary>
    Sms,
    /// <summary>A key pressed after the spoken thank-you.</summary>
    Voice,
    /// <summary>The one-question page linked from the thank-you email.</summary>
    Web,
}

/// <summary>What a citizen answered: a rating from 1 to 5, their own words, or both.</summary>
public sealed partial record FeedbackReply(int? Rating, string? Words)
{
    public const int WordsMaxLength = 1000;

    /// <summary>
    /// "4", "5 thank you!", "3/5", "merci" or "2. too long on hold": a leading digit 1–5 on its own is
    /// the rating, the rest are words. Null when nothing was said.
    /// </summary>
    public static FeedbackReply? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return null;
        }
        var match = LeadingRating().Match(trimmed);
        if (match.Success)
        {
            var rest = trimmed[match.Length..].Trim();
            return new FeedbackReply(match.Groups[1].Value[0] - '0', Cap(rest));
        }
        return new FeedbackReply(null, Cap(trimmed));
    }

    public static FeedbackReply? From(int? rating, string? words)
    {
        if (rating is not null and (< 1 or > 5))
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "A rating is 1 to 5.");
        }
        var capped = Cap(words?.Trim());
        return rating is null && capped is null ? null : new FeedbackReply(rating, capped);
    }

    // Never cut an emoji in half: half a surrogate pair cannot be stored on PostgreSQL.
    private static string? Cap(string? words) =>
        FreeText.Capped(words, WordsMaxLength) is { Length: > 0 } capped ? capped : null;

    [GeneratedRegex(@"^([1-5])(?:\s*/\s*5)?(?![0-9])[\s.,;:!)-]*")]
    private static partial Regex LeadingRating();
}

/// <summary>
/// A citizen's feedback on one call, per source: a second text message after the first ("4", then
/// "thanks for your patience") adds to the same feedback rather than counting twice.
/// </summary>
public sealed class CallFeedback
{
    private CallFeedback()
    {
    }

    public Guid Id { get; private set; }
    public Guid BookingId { get; private set; }
    public FeedbackSource Source { get; private set; }
    public int? Rating { get; private set; }
    /// <summary>The citizen's own words; erased with the booking after the retention period, the rating stays.</summary>
    public string? Words { get; private set; }
    public Language Language { get; private set; }
    /// <summary>The agent who helped, so a manager can see feedback per agent.</summary>
    public string? AgentId { get; private set; }
    public Instant ReceivedAt { get; private set; }
    public Instant UpdatedAt { get; private set; }
    public Instant? HandledAt { get; private set; }
    public string? HandledBy { get; private set; }

    public static CallFeedback Receive(Guid bookingId, FeedbackSource source, FeedbackReply reply, Language language, string? agentId, Instant now) => new()
    {
        Id = Guid.CreateVersion7(now.ToDateTimeOffset()),
        BookingId = bookingId,
        Source = source,
        Rating = reply.Rating,
        Words = reply.Words,
        Language = language,
        AgentId = agentId,
        ReceivedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A later reply: a new rating replaces the old one, new words are added after the old.</summary>
    public void Add(FeedbackReply reply, Instant now)
    {
        Rating = reply.Rating ?? Rating;
        if (reply.Words is { } words)
        {
            var joined = Words is null ? words : Words + "\n" + words;
            Words = FreeText.Capped(joined, FeedbackReply.WordsMaxLength);
        }
        UpdatedAt = now;
        HandledAt = null;
        HandledBy = null;
    }

    public void MarkHandled(string managerId, Instant now)
    {
        HandledAt = now;
        HandledBy = managerId;
    }
}
