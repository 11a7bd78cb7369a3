using Allo.Domain.Bookings;
using Allo.Domain.Texting;
using NodaTime;

namespace Allo.Domain.Tests.Texting;

public sealed class TextCommandTests
{
    [Theory]
    // Book, in four languages, with extra words, accents, case and typos.
    [InlineData("AFSPRAAK", TextIntent.Book, Language.Nl)]
    [InlineData("afspraak", TextIntent.Book, Language.Nl)]
    [InlineData("Ik wil graag een afspraak maken aub", TextIntent.Book, Language.Nl)]
    [InlineData("afsprak", TextIntent.Book, Language.Nl)]
    [InlineData("afpsraak", TextIntent.Book, Language.Nl)]
    [InlineData("Boeken", TextIntent.Book, Language.Nl)]
    [InlineData("RDV", TextIntent.Book, Language.Fr)]
    [InlineData("rdv svp", TextIntent.Book, Language.Fr)]
    [InlineData("Rendez-vous", TextIntent.Book, Language.Fr)]
    [InlineData("je voudrais un rendez vous", TextIntent.Book, Language.Fr)]
    [InlineData("rendevous", TextIntent.Book, Language.Fr)]
    [InlineData("Réserver", TextIntent.Book, Language.Fr)]
    [InlineData("TERMIN", TextIntent.Book, Language.De)]
    [InlineData("Ich möchte einen Termin", TextIntent.Book, Language.De)]
    [InlineData("termn", TextIntent.Book, Language.De)]
    [InlineData("BOOK", TextIntent.Book, Language.En)]
    [InlineData("I'd like to book a call", TextIntent.Book, Language.En)]
    [InlineData("appointment please", TextIntent.Book, Language.En)]
    // Cancel.
    [InlineData("ANNULEER", TextIntent.Cancel, Language.Nl)]
    [InlineData("annuleer mijn afspraak", TextIntent.Cancel, Language.Nl)]
    [InlineData("anuleer", TextIntent.Cancel, Language.Nl)]
    [InlineData("Annuleren aub", TextIntent.Cancel, Language.Nl)]
    [InlineData("ANNULER", TextIntent.Cancel, Language.Fr)]
    [InlineData("annuler mon rdv", TextIntent.Cancel, Language.Fr)]
    [InlineData("Annulé", TextIntent.Cancel, Language.Fr)]
    [InlineData("STORNO", TextIntent.Cancel, Language.De)]
    [InlineData("Termin stornieren bitte", TextIntent.Cancel, Language.De)]
    [InlineData("absagen", TextIntent.Cancel, Language.De)]
    [InlineData("cancel", TextIntent.Cancel, Language.En)]
    [InlineData("please cancle my appointment", TextIntent.Cancel, Language.En)]
    // Move.
    [InlineData("VERPLAATS", TextIntent.Move, Language.Nl)]
    [InlineData("verplaats mijn afspraak naar vrijdag", TextIntent.Move, Language.Nl)]
    [InlineData("verplaatst", TextIntent.Move, Language.Nl)]
    [InlineData("wijzigen", TextIntent.Move, Language.Nl)]
    [InlineData("DEPLACER", TextIntent.Move, Language.Fr)]
    [InlineData("déplacer mon rendez-vous", TextIntent.Move, Language.Fr)]
    [InlineData("deplaser", TextIntent.Move, Language.Fr)]
    [InlineData("VERSCHIEBEN", TextIntent.Move, Language.De)]
    [InlineData("Termin verschieben", TextIntent.Move, Language.De)]
    [InlineData("verschiben", TextIntent.Move, Language.De)]
    [InlineData("move", TextIntent.Move, Language.En)]
    [InlineData("Reschedule my call", TextIntent.Move, Language.En)]
    // Help.
    [InlineData("HULP", TextIntent.Help, Language.Nl)]
    [InlineData("aide", TextIntent.Help, Language.Fr)]
    [InlineData("Hilfe!", TextIntent.Help, Language.De)]
    [InlineData("help", TextIntent.Help, Language.En)]
    [InlineData("info", TextIntent.Help, null)]
    // Stop and start, only as the whole message.
    [InlineData("STOP", TextIntent.Stop, null)]
    [InlineData("stop.", TextIntent.Stop, null)]
    [InlineData("STOPP", TextIntent.Stop, Language.De)]
    [InlineData("Arrêt", TextIntent.Stop, Language.Fr)]
    [InlineData("START", TextIntent.Start, null)]
    // Answers.
    [InlineData("ja", TextIntent.Yes, null)]
    [InlineData("Oui", TextIntent.Yes, Language.Fr)]
    [InlineData("yes please", TextIntent.Yes, Language.En)]
    [InlineData("OK", TextIntent.Yes, null)]
    [InlineData("nee", TextIntent.No, Language.Nl)]
    [InlineData("non merci", TextIntent.No, Language.Fr)]
    [InlineData("Nein", TextIntent.No, Language.De)]
    // Not understood.
    [InlineData("hallo?", TextIntent.Unknown, null)]
    [InlineData("Wie is dit?", TextIntent.Unknown, null)]
    [InlineData("stop met die berichten niet", TextIntent.Unknown, null)]
    [InlineData("", TextIntent.Unknown, null)]
    public void A_text_is_read_as_an_intent_in_its_language(string text, TextIntent intent, Language? language)
    {
        var command = TextCommand.Parse(text);
        Assert.Equal(intent, command.Intent);
        Assert.Equal(language, command.Language);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 2 ", 2)]
    [InlineData("3.", 3)]
    [InlineData("2)", 2)]
    public void A_number_alone_is_a_choice(string text, int choice)
    {
        var command = TextCommand.Parse(text);
        Assert.Equal((TextIntent.Choice, choice), (command.Intent, command.Choice));
    }

    private static readonly LocalDate Tuesday = new(2026, 12, 1);

    [Theory]
    [InlineData("afspraak morgen", "2026-12-02 10:00", true)]
    [InlineData("afspraak morgen", "2026-12-03 10:00", false)]
    [InlineData("rdv demain", "2026-12-02 15:00", true)]
    [InlineData("termin heute", "2026-12-01 15:00", true)]
    [InlineData("afspraak maandag namiddag", "2026-12-07 14:00", true)]
    [InlineData("afspraak maandag namiddag", "2026-12-07 10:00", false)]
    [InlineData("afspraak maandag namiddag", "2026-12-08 14:00", false)]
    [InlineData("rdv lundi 14h", "2026-12-07 14:00", true)]
    [InlineData("rdv lundi 14h", "2026-12-07 13:45", false)]
    [InlineData("RDV lundi après-midi", "2026-12-07 13:00", true)]
    [InlineData("Termin Donnerstag", "2026-12-03 09:00", true)]
    [InlineData("Termin Donerstag vormittag", "2026-12-03 09:00", true)]
    [InlineData("Termin Donnerstag vormittag", "2026-12-03 13:00", false)]
    [InlineData("book friday morning", "2026-12-04 11:45", true)]
    [InlineData("book thursday at 15:30", "2026-12-03 15:30", true)]
    [InlineData("book thursday at 15:30", "2026-12-03 15:15", false)]
    [InlineData("afspraak woensdag om 10u", "2026-12-02 10:00", true)]
    [InlineData("afspraak woensdag om 10u", "2026-12-02 09:45", false)]
    public void A_day_or_part_of_day_narrows_the_free_times(string text, string slot, bool allowed)
    {
        var local = NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm").Parse(slot).Value;
        Assert.Equal(allowed, TextCommand.Parse(text).When.Allows(local, Tuesday));
    }

    [Theory]
    [InlineData("afspraak")]
    [InlineData("ik heb 2 uitnodigingen gekregen, afspraak")]
    public void Without_a_day_every_free_time_is_offered(string text) => Assert.True(TextCommand.Parse(text).When.IsAny);

    [Theory]
    [InlineData("0", false, false, false, false, null)]
    [InlineData("nee", false, false, false, false, null)]
    [InlineData("Non merci", false, false, false, false, null)]
    [InlineData("H", true, false, false, false, null)]
    [InlineData("h t", true, true, false, false, null)]
    [InlineData("HT", true, true, false, false, null)]
    [InlineData("S, R", false, false, true, true, null)]
    [InlineData("L Arabisch", false, false, false, false, "Arabisch")]
    [InlineData("T L: tigrinya", false, true, false, false, "tigrinya")]
    [InlineData("ik ben slechthorend", true, false, false, false, null)]
    public void The_needs_answer_is_read_from_letters_or_words(string text, bool hearing, bool time, bool speech, bool reading, string? language)
    {
        var needs = NeedsAnswer.Parse(text);
        Assert.NotNull(needs);
        Assert.Equal((hearing, time, speech, reading, language), (needs.Hearing, needs.MoreTime, needs.Speech, needs.Reading, needs.OtherLanguage));
    }

    [Theory]
    [InlineData("wat bedoelt u?")]
    [InlineData("")]
    public void Anything_else_is_not_a_needs_answer(string text) => Assert.Null(NeedsAnswer.Parse(text));
}
