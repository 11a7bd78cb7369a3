namespace Allo.Domain.Tests;

public sealed class FreeTextTests
{
    [Theory]
    [InlineData("Marie-Louise Van den Berghe")]
    [InlineData("Zoë Çelik-Groß")]
    [InlineData("ትግርኛ")]
    [InlineData("Ελληνικά 🙂 🇧🇪")]
    [InlineData("مريم \u200F")]
    [InlineData("")]
    [InlineData(null)]
    public void Names_in_any_script_with_emoji_and_direction_marks_are_acceptable(string? text) =>
        Assert.True(FreeText.IsAcceptable(text));

    [Theory]
    [InlineData("Ma\0rie")]
    [InlineData("Ma\u0001rie")]
    [InlineData("\u001b[31mred")]
    [InlineData("Ma\u007Frie")]
    [InlineData("Ma\u009Brie")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    [InlineData("Ma\uFFFErie")]
    [InlineData("Ma\uFFFFrie")]
    [InlineData("Ma\uFDD0rie")]
    [InlineData("plane one \uD83F\uDFFE")]
    public void Control_characters_and_noncharacters_are_refused_in_one_line_text(string text) =>
        Assert.False(FreeText.IsAcceptable(text));

    // Not as InlineData: xUnit writes test cases' strings as UTF-8, which turns half a pair into U+FFFD.
    [Fact]
    public void Half_of_a_surrogate_pair_is_refused_wherever_it_stands()
    {
        Assert.False(FreeText.IsAcceptable("Ma\uD800rie"));
        Assert.False(FreeText.IsAcceptable("Ma\uDC00rie"));
        Assert.False(FreeText.IsAcceptable("ends high \uD83D"));
        Assert.False(FreeText.IsAcceptable("\uDE42 starts low", multiline: true));
        Assert.True(FreeText.IsAcceptable("a whole pair \uD83D\uDE42"));
    }

    [Fact]
    public void Text_of_several_lines_may_hold_line_breaks_and_tabs_but_nothing_else_invisible()
    {
        Assert.True(FreeText.IsAcceptable("Called twice.\r\nAsked for\tmore time.", multiline: true));
        Assert.False(FreeText.IsAcceptable("Called\0twice", multiline: true));
        Assert.False(FreeText.IsAcceptable("Called\u000Btwice", multiline: true));
    }

    [Fact]
    public void Truncating_never_cuts_a_surrogate_pair_in_two()
    {
        Assert.Equal("ab", FreeText.Truncate("ab🙂", 3));
        Assert.Equal("ab🙂", FreeText.Truncate("ab🙂c", 4));
        Assert.Equal("abc", FreeText.Truncate("abc", 10));
        Assert.True(FreeText.IsAcceptable(FreeText.Truncate("x🙂🙂🙂", 4)));
    }
}
