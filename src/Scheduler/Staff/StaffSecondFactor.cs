using Allo.Scheduler.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Staff;

/// <summary>
/// The second factor's entries in the team's history (set up, used a recovery code, reset by a
/// manager), and the manager's reset. The key and the recovery codes themselves are Identity's
/// (AspNetUserTokens), written through its UserManager on the staff pages.
/// </summary>
public sealed class StaffSecondFactor(AlloDbContext db, IClock clock, StaffAdministration administration)
{
    /// <summary>Identity's names for the authenticator key and the recovery codes in AspNetUserTokens.</summary>
    private const string IdentityStore = "[AspNetUserStore]";
    private static readonly string[] Tokens = ["AuthenticatorKey", "RecoveryCodes"];

    public Task<bool> IsEnrolledAsync(string accountId, CancellationToken ct = default) =>
        db.Users.AnyAsync(u => u.Id == accountId && u.TwoFactorEnabled, ct);

    /// <summary>The member set up their own second factor, or used one of their recovery codes.</summary>
    public async Task RecordAsync(string accountId, StaffChangeKind kind, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == accountId, ct);
        db.StaffChanges.Add(new StaffChange
        {
            At = clock.GetCurrentInstant(), ById = user.Id, ByName = user.DisplayName, AccountId = user.Id, AccountName = user.DisplayName, Kind = kind,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A lost phone: the key and the recovery codes are gone, the member is signed out on their next
    /// request (a new stamp) and sets up a new factor after their password. Recorded, under the staff lock.
    /// </summary>
    public Task<StaffOutcome> ResetAsync(string byId, string accountId, CancellationToken ct = default) =>
        administration.ChangeAsync(byId, async by =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == accountId, ct);
            if (user is null)
            {
                return new StaffOutcome.Refused(StaffProblem.NotFound);
            }
            await db.UserTokens.Where(t => t.UserId == accountId && t.LoginProvider == IdentityStore && Tokens.Contains(t.Name)).ExecuteDeleteAsync(ct);
            user.TwoFactorEnabled = false;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            db.StaffChanges.Add(new StaffChange
            {
                At = clock.GetCurrentInstant(), ById = by.Id, ByName = by.DisplayName, AccountId = user.Id, AccountName = user.DisplayName, Kind = StaffChangeKind.SecondFactorReset,
            });
            return new StaffOutcome.Done();
        }, ct);
}
