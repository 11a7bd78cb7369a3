using Allo.Domain;
using Allo.Domain.Bookings;

namespace Allo.Domain.Tests.Bookings;

public sealed class PhoneticSpellingTests
{
    [Theory]
    [InlineData(Language.Nl, "Karel, 7, Maria, 4, Quirinus, Xantippe")]
    [InlineData(Language.Fr, "Kléber, 7, Marcel, 4, Quintal, Xavier")]
    [InlineData(Language.De, "Köln, 7, München, 4, Quickborn, Xanten")]
    [InlineData(Language.En, "Kilo, 7, Mike, 4, Quebec, X-ray")]
    public void A_reference_is_spelled_with_the_spelling_words_of_the_language_and_digits_as_digits(Language language, string expected) =>
        Assert.Equal(expected, PhoneticSpelling.Spell("K7M-4qx", language));

    [Fact]
    public void Every_character_a_reference_can_hold_has_its_own_word_in_every_language()
    {
        foreach (var language in Languages.All)
        {
            var spoken = BookingReference.Alphabet.Select(c => PhoneticSpelling.Word(c, language)).ToList();
            Assert.All(spoken, w => Assert.False(string.IsNullOrWhiteSpace(w)));
            Assert.Equal(spoken.Count, spoken.Distinct().Count());
        }
    }
}
