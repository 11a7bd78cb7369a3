namespace Allo.Domain.Texting;

/// <summary>A word we know, what it asks for, and the language it tells (null: it does not tell).</summary>
internal sealed record Word(string Text, TextIntent Intent, Language? Language);

/// <summary>
/// The words a text is read with, in our four languages, upper case and without accents (as
/// <see cref="TextCommand.Tokens"/> folds them).
/// </summary>
internal static class TextWords
{
    public static readonly Word[] Keywords =
    [
        .. Say(TextIntent.Cancel, Language.Nl, "ANNULEER", "ANNULEREN", "AFZEGGEN", "SCHRAPPEN"),
        .. Say(TextIntent.Cancel, Language.Fr, "ANNULER", "ANNULATION", "ANNULE", "ANNULEZ"),
        .. Say(TextIntent.Cancel, Language.De, "STORNO", "STORNIEREN", "ABSAGEN", "STORNIERE"),
        .. Say(TextIntent.Cancel, Language.En, "CANCEL"),
        .. Say(TextIntent.Move, Language.Nl, "VERPLAATS", "VERPLAATSEN", "VERZET", "VERZETTEN", "WIJZIG", "WIJZIGEN"),
        .. Say(TextIntent.Move, Language.Fr, "DEPLACER", "REPORTER", "MODIFIER", "CHANGER"),
        .. Say(TextIntent.Move, Language.De, "VERSCHIEBEN", "VERSCHIEBE", "VERLEGEN"),
        .. Say(TextIntent.Move, Language.En, "MOVE", "RESCHEDULE", "CHANGE"),
        .. Say(TextIntent.Book, Language.Nl, "AFSPRAAK", "BOEKEN", "BOEK", "RESERVEREN", "RESERVEER", "TERUGBELLEN"),
        .. Say(TextIntent.Book, Language.Fr, "RDV", "RENDEZVOUS", "RESERVER", "RESERVATION"),
        .. Say(TextIntent.Book, Language.De, "TERMIN", "BUCHEN", "RUCKRUF"),
        .. Say(TextIntent.Book, Language.En, "BOOK", "APPOINTMENT", "BOOKING", "CALLBACK"),
        .. Say(TextIntent.Waitlist, Language.Nl, "WACHTLIJST", "WACHTLIJSTEN"),
        .. Say(TextIntent.Waitlist, Language.Fr, "ATTENTE", "LISTEDATTENTE"),
        .. Say(TextIntent.Waitlist, Language.De, "WARTELISTE"),
        .. Say(TextIntent.Waitlist, Language.En, "WAIT", "WAITLIST", "WAITINGLIST"),
        .. Say(TextIntent.Help, Language.Nl, "HULP"),
        .. Say(TextIntent.Help, Language.Fr, "AIDE"),
        .. Say(TextIntent.Help, Language.De, "HILFE"),
        .. Say(TextIntent.Help, Language.En, "HELP"),
        .. Say(TextIntent.Help, null, "INFO", "MENU"),
    ];

    // "ja" is Dutch and German, so it does not tell; none of these ever changes a conversation's known language.
    public static readonly Word[] Answers =
    [
        .. Say(TextIntent.Yes, Language.Nl, "JAWEL", "OKE"),
        .. Say(TextIntent.Yes, Language.Fr, "OUI", "DACCORD", "OUAIS"),
        .. Say(TextIntent.Yes, Language.De, "JAWOHL", "GENAU"),
        .. Say(TextIntent.Yes, Language.En, "YES", "YEP", "YEAH"),
        .. Say(TextIntent.Yes, null, "JA", "OK", "OKAY", "J", "O", "Y"),
        .. Say(TextIntent.No, Language.Nl, "NEE", "NEEN"),
        .. Say(TextIntent.No, Language.Fr, "NON"),
        .. Say(TextIntent.No, Language.De, "NEIN"),
        .. Say(TextIntent.No, Language.En, "NO", "NOPE"),
        .. Say(TextIntent.No, null, "N"),
    ];

    // Only the whole message: "stop" inside a sentence ("stop de herinneringen niet") is not an opt-out.
    public static readonly Word[] StopStart =
    [
        .. Say(TextIntent.Stop, null, "STOP", "STOPALL", "UNSUBSCRIBE"),
        .. Say(TextIntent.Stop, Language.De, "STOPP"),
        .. Say(TextIntent.Stop, Language.Fr, "ARRET", "ARRETER"),
        .. Say(TextIntent.Start, null, "START", "UNSTOP"),
        .. Say(TextIntent.Start, Language.Fr, "DEMARRER"),
    ];

    /// <summary>
    /// Words that say "not" ("niet annuleren", "pas annuler", "nicht stornieren", "don't cancel"), and
    /// the bare no-words, since "nee annuleer" is as likely "no, don't" as "no wait, do".
    /// French "ne" is left out: it comes with "pas", and Flemish "ne" is an article ("ne keer").
    /// </summary>
    public static readonly HashSet<string> Negations =
    [
        "NIET", "GEEN", "NOOIT", "PAS", "JAMAIS", "NICHT", "KEIN", "KEINE", "KEINEN", "NIE", "NIEMALS",
        "NOT", "DONT", "DOESNT", "NEVER", "NEE", "NEEN", "NON", "NEIN", "NO",
    ];

    /// <summary>A keyword this many words after a negation, or this many before one ("annuleer niet", "n'annulez pas"), is negated.</summary>
    public const int NegationBefore = 3, NegationAfter = 2;

    /// <summary>
    /// Greetings and politeness that tell the language of a text that asks nothing ("Bonjour ?"), so
    /// the answer is in that language rather than in two. They fill an unknown language only, never
    /// change a known one ("merci" is everyday Flemish too, so it is not here).
    /// </summary>
    public static readonly Word[] LanguageHints =
    [
        .. Say(TextIntent.Unknown, Language.Nl, "GOEDEMORGEN", "GOEDEMIDDAG", "GOEDENAVOND", "GOEDENDAG", "GOEIEDAG", "DANKJEWEL", "DANKUWEL", "BEDANKT", "ALSTUBLIEFT", "AUB", "MEVROUW", "MENEER"),
        .. Say(TextIntent.Unknown, Language.Fr, "BONJOUR", "BONSOIR", "SALUT", "SVP", "MADAME", "MONSIEUR", "POURQUOI"),
        .. Say(TextIntent.Unknown, Language.De, "DANKE", "BITTE", "GUTEN", "WARUM"),
        .. Say(TextIntent.Unknown, Language.En, "HELLO", "THANKS", "PLEASE", "WHY"),
    ];

    /// <summary>Everyday words one letter away from a short keyword ("ook" from BOOK, "moe" from MOVE): never a typo of it.</summary>
    public static readonly HashSet<string> NotTypos = ["OOK", "MOE", "MEN", "HEL", "HUP", "BOO", "WAT", "WIT"];

    private static IEnumerable<Word> Say(TextIntent intent, Language? language, params string[] words) =>
        words.Select(w => new Word(w, intent, language));
}
