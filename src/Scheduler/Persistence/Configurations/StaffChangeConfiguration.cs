using Allo.Scheduler.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class StaffChangeConfiguration : IEntityTypeConfiguration<StaffChange>
{
    public void Configure(EntityTypeBuilder<StaffChange> b)
    {
        b.ToTable("StaffChanges");
        b.Property(x => x.ById).HasMaxLength(450);
        b.Property(x => x.ByName).HasMaxLength(StaffInput.MaxName);
        b.Property(x => x.AccountId).HasMaxLength(450);
        b.Property(x => x.AccountName).HasMaxLength(StaffInput.MaxName);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Detail).HasMaxLength(200);
        b.HasIndex(x => x.At);
    }
}

public sealed class StaffPasswordLinkConfiguration : IEntityTypeConfiguration<StaffPasswordLink>
{
    public void Configure(EntityTypeBuilder<StaffPasswordLink> b)
    {
        b.ToTable("StaffPasswordLinks");
        b.Property(x => x.AccountId).HasMaxLength(450);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.AccountId);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
