using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Allo.Domain.Tests.Contact;

/// <summary>
/// One persona from docs/personas: its front matter says what booking captures for them and what
/// the service must decide. The format is explained in docs/personas/README.md.
/// </summary>
public sealed class PersonaFile
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public ProfileSection Profile { get; set; } = new();
    public ExpectSection Expect { get; set; } = new();

    public string FileName { get; set; } = "";
    public string Prose { get; set; } = "";

    public sealed class ProfileSection
    {
        public string Language { get; set; } = "";
        public string Phone { get; set; } = "";
        public bool Email { get; set; }
        public List<string> Needs { get; set; } = [];
        public string? OtherLanguage { get; set; }
        public string? Prefers { get; set; }
        public ProxySection? Proxy { get; set; }
        /// <summary>The partner on the call for a joint return: their name, or absent.</summary>
        public string? Partner { get; set; }
        public List<string> OptedOut { get; set; } = [];
        /// <summary>Whether the operator configured a relay service (Relay:*); absent means none.</summary>
        public bool Relay { get; set; }
        /// <summary>The relay's longest call, in slots (Relay:MaxCallMinutes over the slot length); absent means no limit.</summary>
        public int? RelayMaxSlots { get; set; }
    }

    public sealed class ProxySection
    {
        public string Name { get; set; } = "";
        public string Phone { get; set; } = "";
        public bool TakesCall { get; set; }
    }

    public sealed class ExpectSection
    {
        public bool Reachable { get; set; } = true;
        public List<string> Confirmation { get; set; } = [];
        public List<string> Reminders { get; set; } = [];
        public string? Callback { get; set; }
        public string? Style { get; set; }
        public int? Slots { get; set; }
        public List<string> Hints { get; set; } = [];
        public List<string> Because { get; set; } = [];
    }

    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var personas = Path.Combine(dir.FullName, "docs", "personas");
            if (Directory.Exists(personas))
            {
                return personas;
            }
        }
        throw new DirectoryNotFoundException("docs/personas was not found above the test's folder.");
    }

    public static IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFiles(Folder(), "*.md").Where(f => Path.GetFileName(f) != "README.md").Order()];

    public static PersonaFile Read(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        if (!text.StartsWith("---\n"))
        {
            throw new FormatException($"{Path.GetFileName(path)} must start with front matter between two '---' lines.");
        }
        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException($"{Path.GetFileName(path)}: the front matter has no closing '---' line.");
        }
        var persona = new DeserializerBuilder()
            .WithNamingConvention(HyphenatedNamingConvention.Instance)
            .Build()
            .Deserialize<PersonaFile>(text[4..end]);
        persona.FileName = Path.GetFileNameWithoutExtension(path);
        persona.Prose = text[(end + 5)..];
        return persona;
    }

    /// <summary>The profile the booking flow would capture for this persona.</summary>
    public ContactProfile ToProfile()
    {
        var needs = Profile.Needs.Select(n => n.Trim().ToLowerInvariant()).ToHashSet();
        var unknown = needs.Except(["hearing", "sight", "reading", "more-time", "speech"]).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"{FileName}: unknown needs {string.Join(", ", unknown)}.");
        }
        return new ContactProfile
        {
            Language = Languages.TryParse(Profile.Language, out var language) ? language : throw new FormatException($"{FileName}: language '{Profile.Language}'."),
            PhoneKind = Kind(Profile.Phone),
            HasEmail = Profile.Email,
            RelayAvailable = Profile.Relay,
            RelayMaxSlots = Profile.RelayMaxSlots,
            OptedOut = Profile.OptedOut.Select(Channel).ToHashSet(),
            Needs = new Needs
            {
                Hearing = needs.Contains("hearing"),
                Sight = needs.Contains("sight"),
                Reading = needs.Contains("reading"),
                MoreTime = needs.Contains("more-time"),
                Speech = needs.Contains("speech"),
                OtherLanguage = string.IsNullOrWhiteSpace(Profile.OtherLanguage) ? null : Profile.OtherLanguage,
                PrefersCall = Profile.Prefers == "call",
                PrefersText = Profile.Prefers == "text",
                Proxy = Profile.Proxy is null ? null : new ProxyContact
                {
                    Name = Profile.Proxy.Name,
                    Phone = new PhoneNumber(Kind(Profile.Proxy.Phone) == PhoneKind.Mobile ? "+32470000000" : "+3225725757", Kind(Profile.Proxy.Phone)),
                    TakesCall = Profile.Proxy.TakesCall,
                },
                PartnerName = string.IsNullOrWhiteSpace(Profile.Partner) ? null : Profile.Partner,
            },
        };
    }

    private PhoneKind Kind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mobile" => PhoneKind.Mobile,
        "landline" => PhoneKind.Landline,
        "unknown" => PhoneKind.Unknown,
        _ => throw new FormatException($"{FileName}: phone '{text}' (mobile, landline or unknown)."),
    };

    public Channel Channel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "sms" => Domain.Contact.Channel.Sms,
        "voice" => Domain.Contact.Channel.Voice,
        "email" => Domain.Contact.Channel.Email,
        _ => throw new FormatException($"{FileName}: channel '{text}' (sms, voice or email)."),
    };

    public override string ToString() => FileName;
}
