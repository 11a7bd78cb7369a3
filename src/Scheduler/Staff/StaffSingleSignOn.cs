using Allo.Scheduler.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Staff;

/// <summary>Who the organisation's identity provider says signed in, from its ID token.</summary>
/// <param name="Role">The Allo role the role claim maps to; null when it maps to none.</param>
public sealed record ExternalIdentity(string Issuer, string Subject, string? Email, bool EmailVerified, string? Name, string? Role);

public enum SingleSignOnProblem
{
    /// <summary>The role claim gives no Allo role.</summary>
    NoRole,
    Deactivated,
    /// <summary>The role claim demotes the last active manager.</summary>
    LastManager,
    /// <summary>An account has this email, but the provider did not vouch for it; a manager has to look.</summary>
    EmailNotVerified,
    /// <summary>No usable email or name for a new account.</summary>
    NoEmail,
}

public abstract record SingleSignOnOutcome
{
    public sealed record SignedIn(StaffUser User, string Role) : SingleSignOnOutcome;
    public sealed record Refused(SingleSignOnProblem Problem) : SingleSignOnOutcome;
}

/// <summary>
/// Maps an identity from the organisation's identity provider to a staff account (docs/decisions/0019):
/// by the link (issuer and subject) in AspNetUserLogins; at the first sign-in, to the account with the
/// same email when the provider vouches for it, else a new account. The role claim sets the role at every
/// sign-in, in the same staff-lock transaction as every other staff change, so the last-manager rule holds.
/// </summary>
public sealed class StaffSingleSignOn(AlloDbContext db, IClock clock, StaffAdministration administration)
{
    public async Task<SingleSignOnOutcome> SignInAsync(ExternalIdentity identity, string providerName, string language, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await administration.LockAsync(ct);
        var user = await db.UserLogins.Where(l => l.LoginProvider == identity.Issuer && l.ProviderKey == identity.Subject)
            .Join(db.Users, l => l.UserId, u => u.Id, (l, u) => u).FirstOrDefaultAsync(ct);
        var linked = user is not null;
        var input = new StaffInput(identity.Name, identity.Email, identity.Role, language);
        if (user is null && input.NormalizedEmail is { } email)
        {
            user = await administration.ByEmailAsync(email, ct);
            // An address the provider does not vouch for could be anyone's: linking on it would hand
            // over the account that a manager made for someone else.
            if (user is not null && !identity.EmailVerified)
            {
                return new SingleSignOnOutcome.Refused(SingleSignOnProblem.EmailNotVerified);
            }
        }
        if (user?.DeactivatedAt is not null)
        {
            return new SingleSignOnOutcome.Refused(SingleSignOnProblem.Deactivated);
        }
        if (identity.Role is null)
        {
            return new SingleSignOnOutcome.Refused(SingleSignOnProblem.NoRole);
        }
        if (user is null)
        {
            if (input.Validate().Count > 0)
            {
                return new SingleSignOnOutcome.Refused(SingleSignOnProblem.NoEmail);
            }
            user = await administration.CreateInvitedAsync(null, input, ct);
        }
        else
        {
            await administration.RoleChangesAsync(user, user, identity.Role, ct);
        }
        if (!linked)
        {
            db.UserLogins.Add(new IdentityUserLogin<string> { LoginProvider = identity.Issuer, ProviderKey = identity.Subject, ProviderDisplayName = providerName, UserId = user.Id });
            if (db.Entry(user).State != EntityState.Added)
            {
                administration.Record(user, user, StaffChangeKind.Linked, providerName);
            }
        }
        user.LastSignInAt = clock.GetCurrentInstant();
        if (!await administration.CommitAsync(tx, ct))
        {
            return new SingleSignOnOutcome.Refused(SingleSignOnProblem.LastManager);
        }
        return new SingleSignOnOutcome.SignedIn(user, identity.Role);
    }
}
