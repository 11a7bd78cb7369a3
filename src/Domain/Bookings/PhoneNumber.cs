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

    /// <summary>For people: "+32 470 12 34 56".</summary>
    public string International => Util.Format(Util.Parse(E164, "BE"), PhoneNumberFormat.INTERNATIONAL);
}
