using Allo.Scheduler.Calls;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Staff;

public enum StaffProblem
{
    NotFound,
    EmailTaken,
    /// <summary>The change would leave no active manager (one who can sign in).</summary>
    LastManager,
    Deactivated,
    /// <summary>Unknown, used, replaced or older than 72 hours.</summary>
    LinkInvalid,
}

/// <summary>One account as the managers' list shows it.</summary>
public sealed record StaffMember(string Id, string Name, string Email, string Role, StaffStatus Status, string Languages, StaffSkills Skills, Instant? LastSignInAt);

/// <summary>A one-time link just made: shown once to the manager; <paramref name="Mailed"/> when the email went too.</summary>
public sealed record IssuedLink(string AccountId, string Email, Uri Link, Instant ExpiresAt, bool Mailed);

public abstract record StaffOutcome
{
    public sealed record Done(IssuedLink? Link = null) : StaffOutcome;
    public sealed record Invalid(IReadOnlyList<StaffInputError> Errors) : StaffOutcome;
    public sealed record Refused(StaffProblem Problem) : StaffOutcome;
}

/// <summary>
/// Managers run the team: add, deactivate, reactivate, reset, change role, languages and skills.
/// Every change runs in one transaction that first takes the staff lock (a row lock on the Manager
/// role on PostgreSQL; SQLite's write lock), records who did what, and is refused at the end if no
/// active manager would be left: the last-manager rule lives in <see cref="CommitAsync"/> and nowhere else.
/// </summary>
public sealed class StaffAdministration(AlloDbContext db, IClock clock, UserManager<StaffUser> users, MessagingSettings settings, IStaffMail mail, CallQueue queue)
{
    public const string SetPasswordPath = "/staff/set-password";

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct = default)
    {
        var managerRole = await RoleIdAsync(StaffRoles.Manager, ct);
        var rows = await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName)
            .Select(u => new { User = u, Manager = db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == managerRole), Linked = db.UserLogins.Any(l => l.UserId == u.Id) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new StaffMember(r.User.Id, r.User.DisplayName, r.User.Email ?? "", r.Manager ? StaffRoles.Manager : StaffRoles.Agent,
            StatusOf(r.User, r.Linked), r.User.Languages, r.User.Skills, r.User.LastSignInAt))];
    }

    public async Task<StaffMember?> FindAsync(string id, CancellationToken ct = default) => (await ListAsync(ct)).FirstOrDefault(m => m.Id == id);

    public async Task<IReadOnlyList<StaffChange>> ChangesAsync(int take = 100, CancellationToken ct = default) =>
        await db.StaffChanges.AsNoTracking().OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(take).ToListAsync(ct);

    /// <summary>An account linked to the organisation's sign-in (<paramref name="linked"/>) is active without a password.</summary>
    public static StaffStatus StatusOf(StaffUser user, bool linked = false) =>
        user.DeactivatedAt is not null ? StaffStatus.Deactivated : user.PasswordHash is null && !linked ? StaffStatus.Invited : StaffStatus.Active;

    /// <summary>A new agent or manager, without a password: they get a one-time link by email, and the manager sees it once.</summary>
    public async Task<StaffOutcome> AddAsync(string byId, StaffInput input, CancellationToken ct = default)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return new StaffOutcome.Invalid(errors);
        }
        var outcome = await ChangeAsync(byId, async by =>
        {
            if (await ByEmailAsync(input.NormalizedEmail!, ct) is not null)
            {
                return new StaffOutcome.Refused(StaffProblem.EmailTaken);
            }
            var user = await CreateInvitedAsync(by, input, ct);
            return new StaffOutcome.Done(IssueLink(by, user));
        }, ct);
        return await MailAsync(outcome, ct);
    }

    /// <summary>A new one-time link; every older link of the account stops working. The password stays until the new one is set.</summary>
    public async Task<StaffOutcome> ResetPasswordAsync(string byId, string accountId, CancellationToken ct = default) =>
        await MailAsync(await ChangeAsync(byId, async by =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == accountId, ct);
            if (user is null || user.DeactivatedAt is not null)
            {
                return new StaffOutcome.Refused(user is null ? StaffProblem.NotFound : StaffProblem.Deactivated);
            }
            await db.StaffPasswordLinks.Where(l => l.AccountId == accountId).ExecuteDeleteAsync(ct);
            return new StaffOutcome.Done(IssueLink(by, user));
        }, ct), ct);

    /// <summary>
    /// A leaver: signed out on their next request (a new security stamp, checked on every request),
    /// unable to sign in, their unused links gone, and the calls they hold back in the queue. Their
    /// call records stay theirs.
    /// </summary>
    public async Task<StaffOutcome> DeactivateAsync(string byId, string accountId, CancellationToken ct = default)
    {
        var outcome = await ChangeAsync(byId, async by =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == accountId, ct);
            if (user is null)
            {
                return new StaffOutcome.Refused(StaffProblem.NotFound);
            }
            if (user.DeactivatedAt is not null)
            {
                return new StaffOutcome.Done();
            }
            user.DeactivatedAt = clock.GetCurrentInstant();
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.StaffPasswordLinks.Where(l => l.AccountId == accountId).ExecuteDeleteAsync(ct);
            Record(by, user, StaffChangeKind.Deactivated);
            return new StaffOutcome.Done();
        }, ct);
        if (outcome is StaffOutcome.Done)
        {
            await queue.ReturnClaimsOfDeactivatedAsync(accountId, ct);
        }
        return outcome;
    }

    public Task<StaffOutcome> ReactivateAsync(string byId, string accountId, CancellationToken ct = default) =>
        ChangeAsync(byId, async by =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == accountId, ct);
            if (user is null)
            {
                return new StaffOutcome.Refused(StaffProblem.NotFound);
            }
            if (user.DeactivatedAt is not null)
            {
                user.DeactivatedAt = null;
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                user.SecurityStamp = Guid.NewGuid().ToString("N");
                Record(by, user, StaffChangeKind.Reactivated);
            }
            return new StaffOutcome.Done();
        }, ct);

    public Task<StaffOutcome> ChangeRoleAsync(string byId, string accountId, string role, CancellationToken ct = default) =>
        ChangeAsync(byId, async by =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == accountId, ct);
            var wanted = StaffRoles.All.FirstOrDefault(r => r == role);
            if (user is null || wanted is null)
            {
                return user is null ? new StaffOutcome.Refused(StaffProblem.NotFound) : new StaffOutcome.Invalid([new("role", "UnknownRole")]);
            }
            await RoleChangesAsync(by, user, wanted, ct);
            return new StaffOutcome.Done();
        }, ct);

    /// <summary>Name, languages and skills (the email is who they are: a new address is a new account).</summary>
    public Task<StaffOutcome> EditAsync(string byId, string accountId, StaffInput input, CancellationToken ct = default)
    {
        var errors = input.Validate().Where(e => e.Field is not ("email" or "role")).ToList();
        if (errors.Count > 0)
        {
            return Task.FromResult<StaffOutcome>(new StaffOutcome.Invalid(errors));
        }
        return ChangeAsync(byId, async by =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == accountId, ct);
            if (user is null)
            {
                return new StaffOutcome.Refused(StaffProblem.NotFound);
            }
            ApplyProfile(by, user, input);
            return new StaffOutcome.Done();
        }, ct);
    }

    /// <summary>
    /// The one-time link sets the password, under Identity's policy; the link then never works again.
    /// Null when set; otherwise the link's problem or the policy's errors (in Identity's codes).
    /// </summary>
    public async Task<(StaffProblem? Problem, IReadOnlyList<string> PasswordErrors)> SetPasswordAsync(string? token, string password, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return (StaffProblem.LinkInvalid, []);
        }
        var hash = StaffPasswordLink.Hash(token);
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetCurrentInstant();
        var link = await db.StaffPasswordLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now, ct);
        var user = link is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == link.AccountId, ct);
        if (link is null || user is null || user.DeactivatedAt is not null)
        {
            return (StaffProblem.LinkInvalid, []);
        }
        var failures = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            failures.AddRange(result.Errors.Select(e => e.Code));
        }
        if (failures.Count > 0)
        {
            return (null, failures);
        }
        // Used once: of two requests with the same link, only one finds it unused.
        var used = await db.StaffPasswordLinks.Where(l => l.Id == link.Id && l.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        if (used != 1)
        {
            return (StaffProblem.LinkInvalid, []);
        }
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.EmailConfirmed = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        Record(user, user, StaffChangeKind.PasswordSet);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (null, []);
    }

    /// <summary>Whose link this is, for the set-password page's language; null when it cannot be used.</summary>
    public async Task<StaffUser?> LinkOwnerAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = StaffPasswordLink.Hash(token);
        var now = clock.GetCurrentInstant();
        return await db.StaffPasswordLinks.AsNoTracking()
            .Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now)
            .Join(db.Users, l => l.AccountId, u => u.Id, (l, u) => u)
            .Where(u => u.DeactivatedAt == null)
            .FirstOrDefaultAsync(ct);
    }

    public async Task RecordSignInAsync(string email, CancellationToken ct = default)
    {
        var normalized = users.NormalizeEmail(email);
        var now = clock.GetCurrentInstant();
        await db.Users.Where(u => u.NormalizedEmail == normalized).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), ct);
    }

    // ---- shared by these methods and the roster import ----

    internal async Task<StaffOutcome> ChangeAsync(string byId, Func<StaffUser, Task<StaffOutcome>> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(ct);
        var by = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == byId, ct);
        if (by is null)
        {
            return new StaffOutcome.Refused(StaffProblem.NotFound);
        }
        var outcome = await change(by);
        if (outcome is not StaffOutcome.Done)
        {
            return outcome;
        }
        return await CommitAsync(tx, ct) ? outcome : new StaffOutcome.Refused(StaffProblem.LastManager);
    }

    /// <summary>The last-manager rule: after the change, someone must still be able to run the team.</summary>
    internal async Task<bool> CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var managerRole = await RoleIdAsync(StaffRoles.Manager, ct);
        // Able to sign in: with a password, or through the organisation's sign-in (docs/decisions/0019).
        var managers = await db.Users.CountAsync(u => u.DeactivatedAt == null && (u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id))
            && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == managerRole), ct);
        if (managers == 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Serializes every staff change. SQLite's transactions already take the write lock when they begin
    /// (BEGIN IMMEDIATE); on PostgreSQL two managers demoting each other at once would each still see
    /// the other as a manager, so the second waits here for the first to commit.
    /// </summary>
    internal async Task LockAsync(CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM \"AspNetRoles\" WHERE \"Name\" = 'Manager' FOR UPDATE", ct);
        }
    }

    internal async Task<StaffUser?> ByEmailAsync(string email, CancellationToken ct)
    {
        var normalized = users.NormalizeEmail(email);
        return await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
    }

    /// <summary>A new account without a password; <paramref name="by"/> null when it joins through the organisation's sign-in.</summary>
    internal async Task<StaffUser> CreateInvitedAsync(StaffUser? by, StaffInput input, CancellationToken ct)
    {
        var email = input.NormalizedEmail!;
        var user = new StaffUser
        {
            UserName = email,
            NormalizedUserName = users.NormalizeName(email),
            Email = email,
            NormalizedEmail = users.NormalizeEmail(email),
            DisplayName = input.TrimmedName,
            Languages = input.ParsedLanguages!,
            Skills = input.ParsedSkills ?? StaffSkills.None,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await RoleIdAsync(input.ParsedRole!, ct) });
        Record(by ?? user, user, by is null ? StaffChangeKind.Joined : StaffChangeKind.Added, $"{input.ParsedRole} {user.Languages}");
        return user;
    }

    /// <summary>Name, languages and skills as given; a change record only when something differs.</summary>
    internal void ApplyProfile(StaffUser by, StaffUser user, StaffInput input)
    {
        var languages = input.ParsedLanguages!;
        var skills = input.ParsedSkills ?? StaffSkills.None;
        if (user.DisplayName == input.TrimmedName && user.Languages == languages && user.Skills == skills)
        {
            return;
        }
        user.DisplayName = input.TrimmedName;
        user.Languages = languages;
        user.Skills = skills;
        Record(by, user, StaffChangeKind.Updated, $"{languages} {skills}");
    }

    /// <summary>Gives the account exactly this role; false when it already had it.</summary>
    internal async Task<bool> RoleChangesAsync(StaffUser by, StaffUser user, string role, CancellationToken ct)
    {
        var roleId = await RoleIdAsync(role, ct);
        var current = await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(ct);
        if (current.Count == 1 && current[0].RoleId == roleId)
        {
            return false;
        }
        db.UserRoles.RemoveRange(current);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
        // A new role takes effect on the next request too, not after the cookie's nine hours.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        Record(by, user, StaffChangeKind.RoleChanged, role);
        return true;
    }

    internal IssuedLink IssueLink(StaffUser by, StaffUser user)
    {
        var (token, hash) = StaffPasswordLink.NewToken();
        var now = clock.GetCurrentInstant();
        var link = new StaffPasswordLink { AccountId = user.Id, TokenHash = hash, CreatedAt = now, ExpiresAt = now + StaffPasswordLink.Lifetime };
        db.StaffPasswordLinks.Add(link);
        Record(by, user, StaffChangeKind.LinkIssued);
        var language = StaffLanguages.First(user).ToString().ToLowerInvariant();
        return new IssuedLink(user.Id, user.Email!, settings.Link($"{SetPasswordPath}?token={token}&lang={language}"), link.ExpiresAt, Mailed: false);
    }

    /// <summary>After the commit: an email that fails does not undo the account; the manager has the link.</summary>
    internal async Task<StaffOutcome> MailAsync(StaffOutcome outcome, CancellationToken ct)
    {
        if (outcome is not StaffOutcome.Done { Link: { } link })
        {
            return outcome;
        }
        return new StaffOutcome.Done(await MailAsync(link, ct));
    }

    internal async Task<IssuedLink> MailAsync(IssuedLink link, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == link.AccountId, ct);
        return link with { Mailed = await mail.SendAsync(StaffMessages.PasswordLink(user, link.Link, link.ExpiresAt), ct) };
    }

    internal void Record(StaffUser by, StaffUser user, StaffChangeKind kind, string? detail = null) =>
        db.StaffChanges.Add(new StaffChange
        {
            At = clock.GetCurrentInstant(), ById = by.Id, ByName = by.DisplayName, AccountId = user.Id, AccountName = user.DisplayName, Kind = kind, Detail = detail,
        });

    internal async Task<string> RoleIdAsync(string role, CancellationToken ct) =>
        await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"The {role} role is missing; start-up creates it.");
}
