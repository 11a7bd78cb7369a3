using PhoneNumbers;

namespace Allo.Domain.Bookings;

public enum PhoneKind
{
    Mobile,
    Landline,
    /// <summary>Could be either (some countries do not tell them apart), or a VoIP number.</summary>
    Unknown,
}

public enum PhoneProblem
{
    None,
    Missing,
    NotANumber,
    NotReachable,
}

/// <summary>A phone number in E.164 form and whether it can take text messages.</summary>
public sealed record PhoneNumber(string E164, PhoneKind Kind)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Reads what a citizen types; numbers without a country code are Belgian.</summary>
    public static PhoneProblem TryParse(string? input, out PhoneNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return PhoneProblem.Missing;
        }
        if (input.Length > 40)
        {
            return PhoneProblem.NotANumber;
        }
        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(input.Trim(), "BE");
        }
        catch (NumberParseException)
        {
            return PhoneProblem.NotANumber;
        }
        if (!Util.IsValidNumber(parsed))
        {
            return PhoneProblem.NotANumber;
        }
        var kind = Util.GetNumberType(parsed) switch
        {
            PhoneNumberType.MOBILE => PhoneKind.Mobile,
            PhoneNumberType.FIXED_LINE => PhoneKind.Landline,
            PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneKind.Unknown,
            PhoneNumberType.VOIP => PhoneKind.Unknown,
            PhoneNumberType.UAN => PhoneKind.Landline,
            _ => PhoneKind.Unknown,
        };
        if (Util.GetNumberType(parsed) is PhoneNumberType.PREMIUM_RATE or PhoneNumberType.SHARED_COST or PhoneNumberType.TOLL_FREE)
        {
            // The service calls citizens back; it cannot call a premium or shared-cost service number.
            return PhoneProblem.NotReachable;
        }
        number = new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164), kind);
        return PhoneProblem.None;
    }

    /// <summary>
    /// A number staff dial, not a citizen's (a relay service's): any valid number, a free or shared-cost
    /// service number included, since that is what such services usually have; null when it is no number.
    /// </summary>
    public static PhoneNumber? ServiceNumber(string? input)
    {
        if (TryParse(input, out var number) == PhoneProblem.None)
        {
            return number;
        }
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return null;
        }
        try
        {
            var parsed = Util.Parse(input.Trim(), "BE");
            return Util.IsValidNumber(parsed) && Util.GetNumberType(parsed) is not PhoneNumberType.PREMIUM_RATE
                ? new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164), PhoneKind.Landline)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>For people: "+32 470 12 34 56".</summary>
    public string International => Util.Format(Util.Parse(E164, "BE"), PhoneNumberFormat.INTERNATIONAL);
}
