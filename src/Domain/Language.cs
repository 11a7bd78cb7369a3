namespace Allo.Domain;

/// <summary>The four languages the service speaks: Belgium's three official ones, and English.</summary>
public enum Language
{
    Nl,
    Fr,
    De,
    En,
}

public static class Languages
{
    public static IReadOnlyList<Language> All { get; } = [Language.Nl, Language.Fr, Language.De, Language.En];

    public static string Code(this Language language) => language switch
    {
        Language.Nl => "nl",
        Language.Fr => "fr",
        Language.De => "de",
        Language.En => "en",
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    /// <summary>Reads "nl", "nl-BE", "FR" and the like; anything else is not one of ours.</summary>
    public static bool TryParse(string? code, out Language language)
    {
        language = Language.Nl;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var twoLetters = code.Trim().Split('-', '_')[0].ToLowerInvariant();
        foreach (var candidate in All)
        {
            if (candidate.Code() == twoLetters)
            {
                language = candidate;
                return true;
            }
        }
        return false;
    }
}
