using Allo.Scheduler.Persistence;
using Allo.Scheduler.Staff;
using Microsoft.EntityFrameworkCore;

namespace Allo.TestSupport;

/// <summary>
/// Agents the call queue can route to, written straight into the database for tests that need an agent
/// and not a sign-in. The queue only lets active accounts claim (docs/decisions/0017), so a test's
/// agent must exist; by default it speaks every language and has every skill.
/// </summary>
public static class TestAgents
{
    public const string AllLanguages = "nl,fr,de,en";
    public const StaffSkills AllSkills = StaffSkills.Interpreter | StaffSkills.Relay | StaffSkills.Text;

    /// <summary>Creates the agent with this id, or sets its languages and skills if it exists.</summary>
    public static async Task AddAsync(AlloDbContext db, string id, string languages = AllLanguages, StaffSkills skills = AllSkills)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id);
        if (user is null)
        {
            db.Users.Add(new StaffUser
            {
                Id = id, UserName = id, NormalizedUserName = id.ToUpperInvariant(), DisplayName = id,
                Languages = languages, Skills = skills, SecurityStamp = Guid.NewGuid().ToString(),
            });
        }
        else
        {
            user.Languages = languages;
            user.Skills = skills;
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    public static async Task AddAsync(TestDatabase database, string id, string languages = AllLanguages, StaffSkills skills = AllSkills)
    {
        await using var db = database.NewContext();
        await AddAsync(db, id, languages, skills);
    }
}
