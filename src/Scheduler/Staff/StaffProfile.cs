using System.Net.Mail;
using Allo.Domain;

namespace Allo.Scheduler.Staff;

/// <summary>What an agent can do besides talking in their languages; routing uses it later.</summary>
[Flags]
public enum StaffSkills
{
    None = 0,
    /// <summary>Runs a call with an interpreter on the line.</summary>
    Interpreter = 1,
    /// <summary>Takes relay calls (a relay operator types or signs for a deaf citizen).</summary>
    Relay = 2,
    /// <summary>Helps in a text conversation.</summary>
    Text = 4,
}

public enum StaffStatus
{
    Active,
    /// <summary>Added, but the one-time link has not been used yet: no password.</summary>
    Invited,
    Deactivated,
}

/// <summary>One problem with a field of <see cref="StaffInput"/>; the page and the roster import word it.</summary>
public sealed record StaffInputError(string Field, string Problem);

/// <summary>A new or changed member of staff as a manager types it, or as a roster row gives it.</summary>
public sealed record StaffInput(string? Name, string? Email, string? Role, string? Languages, string? Skills = null)
{
    public const int MaxName = 100;
    public const int MaxEmail = 254;

    public static readonly IReadOnlyDictionary<string, StaffSkills> SkillCodes = new Dictionary<string, StaffSkills>(StringComparer.OrdinalIgnoreCase)
    {
        ["interpreter"] = StaffSkills.Interpreter,
        ["relay"] = StaffSkills.Relay,
        ["text"] = StaffSkills.Text,
    };

    /// <summary>Every problem at once, so a page or a roster report can show them all.</summary>
    public IReadOnlyList<StaffInputError> Validate()
    {
        var errors = new List<StaffInputError>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new("name", "Missing"));
        }
        else if (Name.Trim().Length > MaxName || !FreeText.IsAcceptable(Name))
        {
            errors.Add(new("name", Name.Trim().Length > MaxName ? "TooLong" : "ControlCharacters"));
        }
        if (string.IsNullOrWhiteSpace(Email))
        {
            errors.Add(new("email", "Missing"));
        }
        else if (NormalizedEmail is null)
        {
            errors.Add(new("email", "NotAnEmail"));
        }
        if (ParsedRole is null)
        {
            errors.Add(new("role", string.IsNullOrWhiteSpace(Role) ? "Missing" : "UnknownRole"));
        }
        if (string.IsNullOrWhiteSpace(Languages))
        {
            errors.Add(new("languages", "Missing"));
        }
        else if (ParsedLanguages is null)
        {
            errors.Add(new("languages", "UnknownLanguage"));
        }
        if (ParsedSkills is null)
        {
            errors.Add(new("skills", "UnknownSkill"));
        }
        return errors;
    }

    public string TrimmedName => Name?.Trim() ?? "";

    /// <summary>The address in lower case, or null when it is not one plain address.</summary>
    public string? NormalizedEmail
    {
        get
        {
            var email = Email?.Trim();
            if (string.IsNullOrEmpty(email) || email.Length > MaxEmail || email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                return null;
            }
            return MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.')
                ? email.ToLowerInvariant()
                : null;
        }
    }

    public string? ParsedRole => StaffRoles.All.FirstOrDefault(r => string.Equals(r, Role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>"fr nl", "fr;nl" or "fr,nl" as "fr,nl", in the order given, without repeats; null when one is not ours.</summary>
    public string? ParsedLanguages => StaffLanguages.Parse(Languages);

    public StaffSkills? ParsedSkills
    {
        get
        {
            var skills = StaffSkills.None;
            foreach (var code in Split(Skills))
            {
                if (!SkillCodes.TryGetValue(code, out var skill))
                {
                    return null;
                }
                skills |= skill;
            }
            return skills;
        }
    }

    internal static string[] Split(string? list) =>
        (list ?? "").Split([',', ';', ' ', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public static class StaffLanguages
{
    public static string? Parse(string? list)
    {
        var codes = new List<string>();
        foreach (var part in StaffInput.Split(list))
        {
            if (part.Length != 2 || !Domain.Languages.TryParse(part, out var language))
            {
                return null;
            }
            if (!codes.Contains(language.Code()))
            {
                codes.Add(language.Code());
            }
        }
        return codes.Count == 0 ? null : string.Join(',', codes);
    }

    public static IReadOnlyList<Language> Of(StaffUser user) =>
        [.. StaffInput.Split(user.Languages).Select(c => Domain.Languages.TryParse(c, out var l) ? l : (Language?)null).OfType<Language>()];

    /// <summary>The language Allo writes to them in: their first, else Dutch.</summary>
    public static Language First(StaffUser user) => Of(user).FirstOrDefault(Language.Nl);
}
