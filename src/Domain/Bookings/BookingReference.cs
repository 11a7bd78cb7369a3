using System.Security.Cryptography;

namespace Allo.Domain.Bookings;

/// <summary>
/// Six characters a citizen can read out over the phone without ambiguity: the alphabet has no
/// 0/O, 1/I/L. 31^6 ≈ 887 million codes; uniqueness is still enforced by the database.
/// </summary>
public readonly record struct BookingReference
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 6;

    private BookingReference(string value) => Value = value;

    public string Value { get; }

    public static BookingReference New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new BookingReference(new string(chars));
    }

    /// <summary>Accepts what a person types: any case, spaces or dashes between groups.</summary>
    public static bool TryParse(string? input, out BookingReference reference)
    {
        reference = default;
        if (input is null)
        {
            return false;
        }
        var cleaned = new string(input.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        if (cleaned.Length != Length || cleaned.Any(c => !Alphabet.Contains(c)))
        {
            return false;
        }
        reference = new BookingReference(cleaned);
        return true;
    }

    /// <summary>Read-aloud form, "K7M-4QX".</summary>
    public string Spoken => $"{Value[..3]}-{Value[3..]}";

    public override string ToString() => Value;
}
