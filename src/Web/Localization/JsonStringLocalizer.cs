using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Allo.Domain;
using Microsoft.Extensions.Localization;

namespace Allo.Web.Localization;

/// <summary>
/// Every citizen-facing string, per language, from Resources/strings.{nl,fr,de,en}.json.
/// Flat JSON files are easier for translators to review than .resx (docs/decisions/0004).
/// A key missing in a language falls back to English, and a test keeps the files complete.
/// </summary>
public sealed class JsonStringLocalizer : IStringLocalizer
{
    private readonly FrozenDictionary<Language, FrozenDictionary<string, string>> _strings;

    public JsonStringLocalizer()
    {
        _strings = Languages.All.ToFrozenDictionary(l => l, Load);
    }

    public LocalizedString this[string name] => Lookup(name, CurrentLanguage);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var text = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _strings[CurrentLanguage].Select(kv => new LocalizedString(kv.Key, kv.Value));

    public IReadOnlyCollection<string> Keys(Language language) => _strings[language].Keys;

    public string In(Language language, string name) => Lookup(name, language).Value;

    public static Language CurrentLanguage =>
        Languages.TryParse(CultureInfo.CurrentUICulture.Name, out var language) ? language : Language.En;

    private LocalizedString Lookup(string name, Language language)
    {
        if (_strings[language].TryGetValue(name, out var value))
        {
            return new LocalizedString(name, value);
        }
        if (_strings[Language.En].TryGetValue(name, out var english))
        {
            return new LocalizedString(name, english, resourceNotFound: true);
        }
        return new LocalizedString(name, name, resourceNotFound: true);
    }

    private static FrozenDictionary<string, string> Load(Language language)
    {
        var resource = $"Allo.Web.Resources.strings.{language.Code()}.json";
        using var stream = typeof(JsonStringLocalizer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the build.");
        return (JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? []).ToFrozenDictionary();
    }
}

public sealed class JsonStringLocalizerFactory(JsonStringLocalizer localizer) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => localizer;

    public IStringLocalizer Create(string baseName, string location) => localizer;
}
