using NodaTime;

namespace Allo.Scheduler.Staff;

public enum StaffChangeKind
{
    Added,
    Updated,
    RoleChanged,
    Deactivated,
    Reactivated,
    LinkIssued,
    PasswordSet,
    SecondFactorEnrolled,
    SecondFactorReset,
    RecoveryCodeUsed,
    /// <summary>First sign-in through the organisation's identity provider to an account a manager made.</summary>
    Linked,
    /// <summary>An account made at the first sign-in through the organisation's identity provider.</summary>
    Joined,
}

/// <summary>
/// Who changed which account, how and when; the managers' page shows them newest first. Names are
/// copied, not joined, so the record still reads the same after a rename.
/// </summary>
public sealed class StaffChange
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Instant At { get; set; }
    public string ById { get; set; } = "";
    public string ByName { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string AccountName { get; set; } = "";
    public StaffChangeKind Kind { get; set; }
    /// <summary>What changed, in codes rather than words ("Manager", "fr,nl"), so every language can show it.</summary>
    public string? Detail { get; set; }
}

/// <summary>
/// A one-time link to set a password. Only the SHA-256 of the token is stored: a copy of the database
/// opens no account. A new link for the same account deletes the older ones.
/// </summary>
public sealed class StaffPasswordLink
{
    public static readonly Duration Lifetime = Duration.FromHours(72);

    public Guid Id { get; set; } = Guid.NewGuid();
    public string AccountId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public Instant CreatedAt { get; set; }
    public Instant ExpiresAt { get; set; }
    public Instant? UsedAt { get; set; }

    /// <summary>A new token (what the link carries) and the hash to store.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
