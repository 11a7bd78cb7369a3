using System.Text;
using Allo.Domain.Feedback;
using Allo.Domain.Texting;

namespace Allo.Domain.Tests.Texting;

/// <summary>Text from outside with characters nobody types: read without them, never an exception.</summary>
public sealed class ReadableTextTests
{
    // Attribute arguments cannot hold a lone surrogate, so the cases write each odd UTF-16 unit as {XXXX}.
    private static string Units(string written) =>
        System.Text.RegularExpressions.Regex.Replace(written, "{([0-9A-F]{4})}", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    [Theory]
    [InlineData("afspraak{FFFE}", "afspraak")]
    [InlineData("afspraak{FFFF}", "afspraak")]
    [InlineData("{FDD0}afspraak{FDEF}", "afspraak")]
    [InlineData("af{0000}spraak", "afspraak")]
    [InlineData("{001B}[31mafspraak{0085}", "[31mafspraak")]
    [InlineData("{D800}afspraak", "afspraak")]
    [InlineData("afspraak{DC00}", "afspraak")]
    [InlineData("afspraak{D83F}{DFFE}", "afspraak")]
    [InlineData("a\tb\nc\r\nd", "a\tb\nc\r\nd")]
    [InlineData("Réservé 😀 ß", "Réservé 😀 ß")]
    public void Control_characters_non_characters_and_lone_surrogates_are_dropped_and_the_rest_is_kept(string written, string readable)
    {
        var text = Units(written);
        Assert.Equal(readable, FreeText.Readable(text));
        Assert.Equal(readable == text, FreeText.IsAcceptable(text, multiline: true));
        Assert.True(FreeText.IsAcceptable(readable, multiline: true));
    }

    [Fact]
    public void Capping_never_cuts_a_surrogate_pair_in_two()
    {
        var text = new string('a', 9) + "😀😀";
        Assert.Equal(new string('a', 9), FreeText.Capped(text, 10));
        Assert.Equal(new string('a', 9) + "😀", FreeText.Capped(text, 11));
    }

    [Theory]
    [InlineData("RDV{FFFE} demain", TextIntent.Book, Language.Fr)]
    [InlineData("{D800}ANNULEER", TextIntent.Cancel, Language.Nl)]
    [InlineData("Ter{0000}min{DC00}", TextIntent.Book, Language.De)]
    [InlineData("{FFFE}", TextIntent.Unknown, null)]
    public void A_text_with_unreadable_characters_is_read_without_them(string written, TextIntent intent, Language? language)
    {
        var command = TextCommand.Parse(Units(written));
        Assert.Equal((intent, language), (command.Intent, command.Language));
    }

    [Fact]
    public void Texts_of_random_characters_from_every_plane_are_read_without_an_exception_and_stored_clean()
    {
        // Seeded, so a failure names the same text again.
        var random = new Random(13);
        for (var n = 0; n < 2000; n++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 600); i > 0; i--)
            {
                // Every UTF-16 unit (lone surrogates included), and now and then a whole astral character.
                if (random.Next(8) == 0)
                {
                    text.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000)));
                }
                else
                {
                    text.Append((char)random.Next(0, 0x10000));
                }
            }
            var body = text.ToString();
            var clean = TextCommand.Clean(body);
            Assert.True(FreeText.IsAcceptable(clean, multiline: true));
            Assert.True(clean.Length <= TextCommand.MaxLength);
            Assert.Equal(clean, Encoding.UTF8.GetString(new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(clean)));
            TextCommand.Parse(body);
            NeedsAnswer.Parse(body);
            FeedbackReply.Parse(body);
        }
    }

    [Fact]
    public void Feedback_words_added_up_beyond_the_cap_never_end_in_half_an_emoji()
    {
        var now = NodaTime.Instant.FromUtc(2026, 12, 2, 10, 0);
        var feedback = CallFeedback.Receive(Guid.NewGuid(), FeedbackSource.Sms, FeedbackReply.Parse(new string('a', FeedbackReply.WordsMaxLength - 2))!, Language.Nl, "ann", now);
        feedback.Add(FeedbackReply.Parse("😀😀")!, now);
        Assert.Equal(new string('a', FeedbackReply.WordsMaxLength - 2), feedback.Words);
    }
}
