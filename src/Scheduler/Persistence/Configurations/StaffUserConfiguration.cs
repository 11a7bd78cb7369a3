using Allo.Scheduler.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.Property(x => x.CalendarFeedToken).HasMaxLength(64);
        b.HasIndex(x => x.CalendarFeedToken).IsUnique();
        b.Property(x => x.Languages).HasMaxLength(20);
    }
}
