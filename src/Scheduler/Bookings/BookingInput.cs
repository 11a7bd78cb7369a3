using System.Net.Mail;
using Allo.Domain;
using Allo.Domain.Bookings;

namespace Allo.Scheduler.Bookings;

/// <summary>What a citizen typed, from any front end, before it is checked.</summary>
public sealed record BookingInput
{
    public string? SlotStart { get; init; }
    public string? Phone { get; init; }
    public string? Language { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public NeedsInput Needs { get; init; } = new();
}

public sealed record NeedsInput
{
    public bool Hearing { get; init; }
    public bool Sight { get; init; }
    public bool Reading { get; init; }
    public bool MoreTime { get; init; }
    public bool Speech { get; init; }
    public bool OtherLanguage { get; init; }
    public string? OtherLanguageName { get; init; }
    public bool PrefersCall { get; init; }
    public bool PrefersText { get; init; }
    public bool Proxy { get; init; }
    public string? ProxyName { get; init; }
    public string? ProxyPhone { get; init; }
    public bool ProxyTakesCall { get; init; }
    /// <summary>A joint return: the partner who is on the call too.</summary>
    public bool JointReturn { get; init; }
    public string? PartnerName { get; init; }
    /// <summary>"Do not send me text messages."</summary>
    public bool NoTexts { get; init; }
    /// <summary>"Do not call me with recorded messages" (an agent's call is not a recorded message).</summary>
    public bool NoRecordedCalls { get; init; }
    /// <summary>No email, although an address was given (the API's <c>optedOut</c>; the form just leaves the address out).</summary>
    public bool NoEmail { get; init; }

    /// <summary>The channels the citizen refused.</summary>
    public IReadOnlySet<Domain.Contact.Channel> OptedOut()
    {
        var refused = new HashSet<Domain.Contact.Channel>();
        if (NoTexts)
        {
            refused.Add(Domain.Contact.Channel.Sms);
        }
        if (NoRecordedCalls)
        {
            refused.Add(Domain.Contact.Channel.Voice);
        }
        if (NoEmail)
        {
            refused.Add(Domain.Contact.Channel.Email);
        }
        return refused;
    }

    /// <summary>The same answers, also refusing these channels.</summary>
    public NeedsInput Refusing(IEnumerable<Domain.Contact.Channel>? channels)
    {
        var refused = channels?.ToHashSet() ?? [];
        return this with
        {
            NoTexts = NoTexts || refused.Contains(Domain.Contact.Channel.Sms),
            NoRecordedCalls = NoRecordedCalls || refused.Contains(Domain.Contact.Channel.Voice),
            NoEmail = NoEmail || refused.Contains(Domain.Contact.Channel.Email),
        };
    }
}

/// <summary>A field the citizen must correct, and a key for the message in their language.</summary>
public sealed record FieldError(string Field, string MessageKey);

/// <summary>
/// The one place where raw booking fields are checked, for the web pages and the API alike.
/// Each error names its field and a message key; front ends translate the key.
/// </summary>
public static class BookingFields
{
    public const int MaxName = 200;
    public const int MaxEmail = 254;
    public const int MaxLanguageName = 60;
    /// <summary>A partner's name is only for the agent to address them; shorter than the citizen's, which may carry more.</summary>
    public const int MaxPartnerName = 100;

    public static IEnumerable<FieldError> CheckPhone(string? text, out PhoneNumber? phone, string field = "phone")
    {
        var problem = PhoneNumber.TryParse(text, out phone);
        return problem switch
        {
            PhoneProblem.None => [],
            PhoneProblem.Missing => [new FieldError(field, "Error.Phone.Missing")],
            PhoneProblem.NotReachable => [new FieldError(field, "Error.Phone.NotReachable")],
            _ => [new FieldError(field, "Error.Phone.Invalid")],
        };
    }

    /// <summary>
    /// The free-text rule (<see cref="FreeText"/>) as a field error: for the booking fields here, and
    /// for every other form's text (feedback, staff fields) through the web's FieldErrors.
    /// </summary>
    public static IEnumerable<FieldError> CheckText(string? text, string field, bool multiline = false) =>
        FreeText.IsAcceptable(text, multiline) ? [] : [new FieldError(field, "Error.Text.Unusable")];

    public static IEnumerable<FieldError> CheckName(string? name)
    {
        if (name is { Length: > MaxName })
        {
            return [new FieldError("name", "Error.Name.TooLong")];
        }
        return CheckText(name, "name");
    }

    public static IEnumerable<FieldError> CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            yield break;
        }
        if (!FreeText.IsAcceptable(email))
        {
            yield return new FieldError("email", "Error.Text.Unusable");
            yield break;
        }
        var trimmed = email.Trim();
        if (trimmed.Length > MaxEmail || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !parsed.Host.Contains('.'))
        {
            yield return new FieldError("email", "Error.Email.Invalid");
        }
    }

    public static IEnumerable<FieldError> CheckLanguage(string? code, out Language language)
    {
        if (!Languages.TryParse(code, out language))
        {
            return [new FieldError("language", "Error.Language.Missing")];
        }
        return [];
    }

    /// <summary>The form's answers again, from what was stored: for "change how we contact you".</summary>
    public static NeedsInput ToInput(Needs needs, IReadOnlySet<Domain.Contact.Channel>? optedOut = null) => new()
    {
        NoTexts = optedOut?.Contains(Domain.Contact.Channel.Sms) ?? false,
        NoRecordedCalls = optedOut?.Contains(Domain.Contact.Channel.Voice) ?? false,
        Hearing = needs.Hearing,
        Sight = needs.Sight,
        Reading = needs.Reading,
        MoreTime = needs.MoreTime,
        Speech = needs.Speech,
        OtherLanguage = needs.OtherLanguage is not null,
        OtherLanguageName = needs.OtherLanguage,
        PrefersCall = needs.PrefersCall,
        PrefersText = needs.PrefersText,
        Proxy = needs.Proxy is not null,
        ProxyName = needs.Proxy?.Name,
        ProxyPhone = needs.Proxy?.Phone.International,
        ProxyTakesCall = needs.Proxy?.TakesCall ?? false,
        JointReturn = needs.PartnerName is not null,
        PartnerName = needs.PartnerName,
    };

    public static IEnumerable<FieldError> CheckNeeds(NeedsInput input, out Needs needs)
    {
        var errors = new List<FieldError>();
        string? otherLanguage = null;
        if (input.PrefersCall && input.PrefersText)
        {
            errors.Add(new FieldError("needs-PrefersText", "Error.Prefers.Both"));
        }
        if (input.OtherLanguage)
        {
            otherLanguage = input.OtherLanguageName?.Trim();
            if (string.IsNullOrEmpty(otherLanguage))
            {
                errors.Add(new FieldError("otherLanguageName", "Error.OtherLanguage.Missing"));
            }
            else if (otherLanguage.Length > MaxLanguageName)
            {
                errors.Add(new FieldError("otherLanguageName", "Error.OtherLanguage.TooLong"));
            }
            else
            {
                errors.AddRange(CheckText(otherLanguage, "otherLanguageName"));
            }
        }
        ProxyContact? proxy = null;
        if (input.Proxy)
        {
            var proxyName = input.ProxyName?.Trim();
            if (string.IsNullOrEmpty(proxyName))
            {
                errors.Add(new FieldError("proxyName", "Error.ProxyName.Missing"));
            }
            else if (proxyName.Length > MaxName)
            {
                errors.Add(new FieldError("proxyName", "Error.Name.TooLong"));
            }
            var nameErrors = CheckText(proxyName, "proxyName").ToList();
            errors.AddRange(nameErrors);
            errors.AddRange(CheckPhone(input.ProxyPhone, out var proxyPhone, "proxyPhone"));
            if (proxyPhone is not null && !string.IsNullOrEmpty(proxyName) && proxyName.Length <= MaxName && nameErrors.Count == 0)
            {
                proxy = new ProxyContact { Name = proxyName, Phone = proxyPhone, TakesCall = input.ProxyTakesCall };
            }
        }
        var partner = CheckPartner(input, errors);
        needs = new Needs
        {
            Hearing = input.Hearing,
            Sight = input.Sight,
            Reading = input.Reading,
            MoreTime = input.MoreTime,
            Speech = input.Speech,
            OtherLanguage = otherLanguage,
            PrefersCall = input.PrefersCall,
            PrefersText = input.PrefersText,
            Proxy = proxy,
            PartnerName = partner,
        };
        return errors;
    }

    private static string? CheckPartner(NeedsInput input, List<FieldError> errors)
    {
        if (!input.JointReturn)
        {
            return null;
        }
        var name = input.PartnerName?.Trim();
        var problem = string.IsNullOrEmpty(name) ? "Error.PartnerName.Missing"
            : name.Length > MaxPartnerName ? "Error.PartnerName.TooLong"
            : !FreeText.IsAcceptable(name) ? "Error.Text.Unusable"
            : null;
        if (problem is not null)
        {
            errors.Add(new FieldError("partnerName", problem));
            return null;
        }
        return name;
    }
}
