namespace Allo.Domain.Bookings;

/// <summary>
/// A reference spelled out with the spelling words people of each language know, so "K7M" said over a
/// bad line is heard as "Karel, 7, Maria" and not guessed. Digits are said as themselves.
/// </summary>
public static class PhoneticSpelling
{
    // The Dutch and French words are the ones Belgian agents use on the phone; German follows DIN 5009
    // (2022, city names); English is the international (NATO) alphabet.
    private static readonly Dictionary<Language, string[]> Words = new()
    {
        [Language.Nl] = ["Anna", "Bernard", "Cornelis", "Dirk", "Eduard", "Ferdinand", "Gerard", "Hendrik", "Izaak", "Johan", "Karel", "Lodewijk", "Maria",
            "Nico", "Otto", "Pieter", "Quirinus", "Richard", "Simon", "Teunis", "Utrecht", "Victor", "Willem", "Xantippe", "Ypsilon", "Zaandam"],
        [Language.Fr] = ["Anatole", "Berthe", "Célestin", "Désiré", "Eugène", "François", "Gaston", "Henri", "Irma", "Joseph", "Kléber", "Louis", "Marcel",
            "Nicolas", "Oscar", "Pierre", "Quintal", "Raoul", "Suzanne", "Thérèse", "Ursule", "Victor", "William", "Xavier", "Yvonne", "Zoé"],
        [Language.De] = ["Aachen", "Berlin", "Chemnitz", "Düsseldorf", "Essen", "Frankfurt", "Goslar", "Hamburg", "Ingelheim", "Jena", "Köln", "Leipzig", "München",
            "Nürnberg", "Offenbach", "Potsdam", "Quickborn", "Rostock", "Salzwedel", "Tübingen", "Unna", "Völklingen", "Wuppertal", "Xanten", "Ypsilon", "Zwickau"],
        [Language.En] = ["Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima", "Mike",
            "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "X-ray", "Yankee", "Zulu"],
    };

    /// <summary>The spelling word of one letter or digit in that language ("K" → "Karel", "7" → "7").</summary>
    public static string Word(char c, Language language)
    {
        var upper = char.ToUpperInvariant(c);
        return upper is >= 'A' and <= 'Z' ? Words[language][upper - 'A'] : upper.ToString();
    }

    /// <summary>"K7M4QX" → "Karel, 7, Maria, 4, Quirinus, Xantippe"; anything not a letter or digit is left out.</summary>
    public static string Spell(string text, Language language) =>
        string.Join(", ", text.Where(char.IsAsciiLetterOrDigit).Select(c => Word(c, language)));
}
