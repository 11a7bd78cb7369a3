using Allo.Domain.Feedback;

namespace Allo.Domain.Tests.Feedback;

public sealed class FeedbackReplyTests
{
    [Theory]
    [InlineData("5", 5, null)]
    [InlineData(" 4 ", 4, null)]
    [InlineData("3/5", 3, null)]
    [InlineData("5 thank you so much!", 5, "thank you so much!")]
    [InlineData("2. Te lang gewacht", 2, "Te lang gewacht")]
    [InlineData("1, trop compliqué", 1, "trop compliqué")]
    [InlineData("Merci beaucoup", null, "Merci beaucoup")]
    [InlineData("10 minutes late", null, "10 minutes late")]
    [InlineData("6", null, "6")]
    [InlineData("0", null, "0")]
    [InlineData("45", null, "45")]
    public void A_reply_is_read_as_a_rating_and_words(string text, int? rating, string? words)
    {
        var reply = FeedbackReply.Parse(text)!;
        Assert.Equal(rating, reply.Rating);
        Assert.Equal(words, reply.Words);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_reply_is_no_feedback(string? text) => Assert.Null(FeedbackReply.Parse(text));

    [Fact]
    public void Long_words_are_capped()
    {
        Assert.Equal(FeedbackReply.WordsMaxLength, FeedbackReply.Parse(new string('a', 5000))!.Words!.Length);
    }

    [Fact]
    public void A_second_reply_adds_words_and_replaces_the_rating_and_reopens_handled_feedback()
    {
        var now = NodaTime.Instant.FromUtc(2026, 12, 2, 10, 0);
        var feedback = CallFeedback.Receive(Guid.NewGuid(), FeedbackSource.Sms, FeedbackReply.Parse("4")!, Language.Nl, "ann", now);
        feedback.MarkHandled("manager", now);
        feedback.Add(FeedbackReply.Parse("5 eigenlijk, heel vriendelijk")!, now + NodaTime.Duration.FromMinutes(1));
        Assert.Equal(5, feedback.Rating);
        Assert.Equal("eigenlijk, heel vriendelijk", feedback.Words);
        Assert.Null(feedback.HandledAt);
        feedback.Add(FeedbackReply.Parse("bedankt")!, now + NodaTime.Duration.FromMinutes(2));
        Assert.Equal(5, feedback.Rating);
        Assert.Equal("eigenlijk, heel vriendelijk\nbedankt", feedback.Words);
    }
}
