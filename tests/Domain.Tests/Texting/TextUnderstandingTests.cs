using Allo.Domain.Texting;
using NodaTime;
using NodaTime.Text;

namespace Allo.Domain.Tests.Texting;

/// <summary>What citizens actually type, in Dutch, French, German and English: typos in the keyword, times, dates, "not".</summary>
public sealed class TextUnderstandingTests
{
    // A Tuesday: "12/12" is later this year, "30/11" is next year's.
    private static readonly LocalDate Today = new(2026, 12, 1);

    [Theory]
    // A doubled or missing letter in a short keyword, as the first word.
    [InlineData("AFSPRAAAK", TextIntent.Book, Language.Nl)]
    [InlineData("afsraak morgen", TextIntent.Book, Language.Nl)]
    [InlineData("BOEEK", TextIntent.Book, Language.Nl)]
    [InlineData("HULLP", TextIntent.Help, Language.Nl)]
    [InlineData("verplats", TextIntent.Move, Language.Nl)]
    [InlineData("ANNULEEER", TextIntent.Cancel, Language.Nl)]
    [InlineData("RDVV", TextIntent.Book, Language.Fr)]
    [InlineData("rrdv demain", TextIntent.Book, Language.Fr)]
    [InlineData("AIDEE", TextIntent.Help, Language.Fr)]
    [InlineData("anuler", TextIntent.Cancel, Language.Fr)]
    [InlineData("deplacerr", TextIntent.Move, Language.Fr)]
    [InlineData("TERMMIN", TextIntent.Book, Language.De)]
    [InlineData("Temin Freitag", TextIntent.Book, Language.De)]
    [InlineData("HILFFE", TextIntent.Help, Language.De)]
    [InlineData("stornno", TextIntent.Cancel, Language.De)]
    [InlineData("verschiben", TextIntent.Move, Language.De)]
    [InlineData("BOOOK", TextIntent.Book, Language.En)]
    [InlineData("boook 3pm", TextIntent.Book, Language.En)]
    [InlineData("HELLP", TextIntent.Help, Language.En)]
    [InlineData("cancell", TextIntent.Cancel, Language.En)]
    [InlineData("moove", TextIntent.Move, Language.En)]
    // Same intent, two languages, as near: the language is not told.
    [InlineData("HLP", TextIntent.Help, null)]
    [InlineData("bok 3pm", TextIntent.Book, null)]
    // Not typos: another edit of a short word is another word; everyday words stay themselves.
    [InlineData("look", TextIntent.Unknown, null)]
    [InlineData("hold on", TextIntent.Unknown, null)]
    [InlineData("ook goed", TextIntent.Unknown, null)]
    [InlineData("ik ben moe", TextIntent.Unknown, null)]
    [InlineData("ik wil ook boook", TextIntent.Unknown, null)]
    public void A_typo_in_the_keyword_is_forgiven_when_it_can_only_be_that_keyword(string text, TextIntent intent, Language? language)
    {
        var command = TextCommand.Parse(text);
        Assert.Equal((intent, language), (command.Intent, command.Language));
    }

    [Theory]
    [InlineData("ja", TextIntent.Yes, null)]
    [InlineData("Ja graag", TextIntent.Yes, null)]
    [InlineData("jawel", TextIntent.Yes, Language.Nl)]
    [InlineData("nee", TextIntent.No, Language.Nl)]
    [InlineData("oui", TextIntent.Yes, Language.Fr)]
    [InlineData("non", TextIntent.No, Language.Fr)]
    [InlineData("jawohl", TextIntent.Yes, Language.De)]
    [InlineData("nein danke", TextIntent.No, Language.De)]
    [InlineData("yes", TextIntent.Yes, Language.En)]
    [InlineData("No.", TextIntent.No, Language.En)]
    public void Yes_and_no_are_read_in_every_language(string text, TextIntent intent, Language? language)
    {
        var command = TextCommand.Parse(text);
        Assert.Equal((intent, language), (command.Intent, command.Language));
    }

    [Theory]
    [InlineData("Goedemiddag", Language.Nl)]
    [InlineData("Bonjour ?", Language.Fr)]
    [InlineData("Guten Tag", Language.De)]
    [InlineData("Hello?", Language.En)]
    [InlineData("merci", null)]
    [InlineData("hallo", null)]
    public void A_greeting_tells_the_language_of_a_text_that_asks_nothing(string text, Language? language)
    {
        var command = TextCommand.Parse(text);
        Assert.Equal((TextIntent.Unknown, language), (command.Intent, command.Language));
    }

    [Theory]
    [InlineData("afspraak 14u30", 14, 30)]
    [InlineData("afspraak om 9 uur", 9, 0)]
    [InlineData("afspraak morgen 15.30 uur", 15, 30)]
    [InlineData("afspraak 10u 15 december", 10, 0)]
    [InlineData("rdv 14h30", 14, 30)]
    [InlineData("rdv lundi à 9h", 9, 0)]
    [InlineData("RDV 16H", 16, 0)]
    [InlineData("Termin 14:30 Uhr", 14, 30)]
    [InlineData("Termin um 9 Uhr", 9, 0)]
    [InlineData("book 3pm", 15, 0)]
    [InlineData("book 3:30 pm", 15, 30)]
    [InlineData("book 10 a.m.", 10, 0)]
    [InlineData("book 12pm", 12, 0)]
    [InlineData("book 15:30", 15, 30)]
    public void A_time_of_day_is_read_with_its_minutes(string text, int hour, int minute) =>
        Assert.Equal(new LocalTime(hour, minute), TextCommand.Parse(text).When.At);

    [Theory]
    [InlineData("afspraak voor 2 personen")]
    [InlineData("ik heb 2 uitnodigingen gekregen, afspraak")]
    [InlineData("rdv 25h")]
    [InlineData("book 13pm")]
    [InlineData("Termin 14:75")]
    [InlineData("afspraak 12/12")]
    public void A_number_that_is_not_a_time_of_day_sets_no_time(string text) => Assert.Null(TextCommand.Parse(text).When.At);

    [Theory]
    [InlineData("afspraak 12/12", "2026-12-12")]
    [InlineData("afspraak op 15 december", "2026-12-15")]
    [InlineData("afspraak 30/11", "2027-11-30")]
    [InlineData("afspraak 1/12", "2026-12-01")]
    [InlineData("rdv le 3 janvier", "2027-01-03")]
    [InlineData("rdv le 1er février à 10h", "2027-02-01")]
    [InlineData("rdv 24-12", "2026-12-24")]
    [InlineData("Termin am 3. Januar", "2027-01-03")]
    [InlineData("Termin 24.12.", "2026-12-24")]
    [InlineData("Termin 3.1.2027", "2027-01-03")]
    [InlineData("book December 15th", "2026-12-15")]
    [InlineData("book 12/12/2027", "2027-12-12")]
    [InlineData("book 29/2", "2028-02-29")]
    public void An_explicit_date_is_the_next_such_date_from_today(string text, string date) =>
        Assert.Equal(LocalDatePattern.Iso.Parse(date).Value, TextCommand.Parse(text).When.DateOn(Today));

    [Theory]
    [InlineData("afspraak 31/02")]
    [InlineData("afspraak 13/13")]
    [InlineData("afspraak 15.30 uur")]
    [InlineData("rdv mardi 14h")]
    [InlineData("call me on 0470 12 34 56")]
    public void Something_that_is_not_a_real_date_sets_no_date(string text) => Assert.Null(TextCommand.Parse(text).When.Date);

    [Fact]
    public void A_date_narrows_the_free_times_to_that_day()
    {
        var when = TextCommand.Parse("rdv le 3 janvier").When;
        Assert.True(when.Allows(new LocalDateTime(2027, 1, 3, 10, 0), Today));
        Assert.False(when.Allows(new LocalDateTime(2027, 1, 4, 10, 0), Today));
    }

    [Theory]
    [InlineData("niet annuleren", Language.Nl)]
    [InlineData("Ik wil mijn afspraak niet annuleren", Language.Nl)]
    [InlineData("annuleer niet", Language.Nl)]
    [InlineData("nee annuleer", Language.Nl)]
    [InlineData("pas annuler", Language.Fr)]
    [InlineData("je ne veux pas annuler mon rdv", Language.Fr)]
    [InlineData("n'annulez pas", Language.Fr)]
    [InlineData("nicht stornieren", Language.De)]
    [InlineData("Termin bitte nicht absagen", Language.De)]
    [InlineData("I don't want to cancel", Language.En)]
    [InlineData("I do not want to cancel my appointment", Language.En)]
    [InlineData("dont cancel", Language.En)]
    [InlineData("Ik wil niet verplaatsen", Language.Nl)]
    [InlineData("Ich will keinen Termin", Language.De)]
    public void A_not_beside_the_keyword_is_no_command(string text, Language language)
    {
        var command = TextCommand.Parse(text);
        Assert.Equal((TextIntent.Negated, language), (command.Intent, command.Language));
    }

    [Theory]
    [InlineData("annuleer, ik kan niet komen", TextIntent.Cancel)]
    [InlineData("I can't come, please cancel", TextIntent.Cancel)]
    [InlineData("Ik wil geen afspraak meer, annuleer", TextIntent.Cancel)]
    [InlineData("stop met die berichten niet", TextIntent.Unknown)]
    [InlineData("non merci", TextIntent.No)]
    public void A_not_elsewhere_leaves_the_keyword_alone(string text, TextIntent intent) =>
        Assert.Equal(intent, TextCommand.Parse(text).Intent);

    public static TheoryData<string> Hostile() =>
    [
        "", " ", "\0\0\0", new string('9', 480), new string('a', 2000), "99:99", "٣pm", "١٢/١٢", "31/31/31",
        "1/1/1/1/1/1", "12pm12am13pm", "0/0", "00:00", "24u", "le 0 janvier", "le 99 décembre 99999",
        "🙂🙂 rdv 🙂", "\uFFFE afspraak", "n't", "not not not cancel", "-1/-1", "2147483648/12",
        "rdv 1er 2e 3e", "DON T", "t", "book 0am", string.Join(' ', Enumerable.Repeat("annuleer niet", 40)),
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Odd_or_hostile_text_is_read_without_an_exception(string text)
    {
        var command = TextCommand.Parse(text);
        _ = command.When.DateOn(Today);
        _ = command.When.Choose([new LocalDateTime(2026, 12, 2, 10, 0)], s => s, Today, 3);
        _ = NeedsAnswer.Parse(text);
        Assert.True(Enum.IsDefined(command.Intent));
    }

    private static readonly LocalDateTime[] Free =
    [
        new(2026, 12, 2, 14, 0), new(2026, 12, 2, 14, 15), new(2026, 12, 2, 15, 0), new(2026, 12, 2, 15, 45),
        new(2026, 12, 3, 14, 30), new(2026, 12, 3, 14, 45), new(2026, 12, 3, 15, 0), new(2026, 12, 3, 15, 15),
    ];

    [Fact]
    public void A_named_time_that_is_free_starts_the_offer()
    {
        var offer = TextCommand.Parse("afspraak 14u30").When.Choose(Free, s => s, Today, 3);
        Assert.True(offer.AsAsked);
        Assert.Equal([new(2026, 12, 3, 14, 30), new(2026, 12, 3, 14, 45), new(2026, 12, 3, 15, 0)], offer.Slots);
    }

    [Fact]
    public void A_named_time_that_is_not_free_offers_the_nearest_on_the_first_wished_day()
    {
        var offer = TextCommand.Parse("rdv mercredi 14h30").When.Choose(Free, s => s, Today, 3);
        Assert.False(offer.AsAsked);
        Assert.Equal([new(2026, 12, 2, 14, 0), new(2026, 12, 2, 14, 15), new(2026, 12, 2, 15, 0)], offer.Slots);
    }

    [Fact]
    public void A_named_time_on_a_day_without_free_times_offers_nothing()
    {
        var offer = TextCommand.Parse("book friday 3pm").When.Choose(Free, s => s, Today, 3);
        Assert.Empty(offer.Slots);
    }
}
