using Allo.Domain.Bookings;
using Allo.Scheduler.Calls;
using Allo.Scheduler.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class ClaimReasonConfiguration : IEntityTypeConfiguration<ClaimReason>
{
    public void Configure(EntityTypeBuilder<ClaimReason> b)
    {
        b.ToTable("ClaimReasons");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AgentId).HasMaxLength(450).IsRequired();
        b.Property(x => x.CallLanguage).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.NeededSkill).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Reason).HasMaxLength(ClaimReason.MaxLength).IsRequired();
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
        // A call's reasons in the order they were given: the index answers the order too.
        b.HasIndex(x => new { x.BookingId, x.At });
        b.HasIndex(x => x.At);
    }
}

public sealed class AgentPresenceConfiguration : IEntityTypeConfiguration<AgentPresence>
{
    public void Configure(EntityTypeBuilder<AgentPresence> b)
    {
        b.ToTable("AgentPresence");
        b.HasKey(x => x.AgentId);
        b.Property(x => x.AgentId).HasMaxLength(450);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(x => x.AgentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.SeenAt);
    }
}
