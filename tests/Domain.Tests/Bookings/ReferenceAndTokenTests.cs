using System.Buffers.Text;
using Allo.Domain.Bookings;

namespace Allo.Domain.Tests.Bookings;

public sealed class ReferenceAndTokenTests
{
    [Fact]
    public void References_are_six_characters_without_look_alike_letters_or_digits()
    {
        for (var i = 0; i < 2000; i++)
        {
            var reference = BookingReference.New().Value;
            Assert.Equal(6, reference.Length);
            Assert.DoesNotContain(reference, c => "01OIL".Contains(c));
            Assert.All(reference, c => Assert.Contains(c, BookingReference.Alphabet));
        }
    }

    [Theory]
    [InlineData("k7m-4qx", "K7M4QX")]
    [InlineData(" K7M 4QX ", "K7M4QX")]
    [InlineData("K7M4QX", "K7M4QX")]
    public void A_reference_is_read_the_way_people_type_it(string typed, string expected)
    {
        Assert.True(BookingReference.TryParse(typed, out var reference));
        Assert.Equal(expected, reference.Value);
        Assert.Equal("K7M-4QX", reference.Spoken);
    }

    [Theory]
    [InlineData("K7M4Q")]
    [InlineData("K7M4QXX")]
    [InlineData("K7M4Q0")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_reference(string? typed) => Assert.False(BookingReference.TryParse(typed, out _));

    [Fact]
    public void A_manage_token_is_url_safe_base64_of_at_least_16_bytes()
    {
        var token = ManageToken.New();
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
        Assert.True(Base64Url.DecodeFromChars(token).Length >= 16, "a manage token must carry at least 128 bits");
    }

    [Fact]
    public void A_thousand_manage_tokens_are_all_distinct()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ManageToken.New()).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Only_the_token_itself_matches_its_stored_hash()
    {
        var token = ManageToken.New();
        var hash = ManageToken.Hash(token);
        Assert.NotEqual(token, hash);
        Assert.True(ManageToken.Matches(token, hash));
        Assert.False(ManageToken.Matches(token + "x", hash));
        Assert.False(ManageToken.Matches(ManageToken.New(), hash));
        Assert.False(ManageToken.Matches(null, hash));
    }
}
