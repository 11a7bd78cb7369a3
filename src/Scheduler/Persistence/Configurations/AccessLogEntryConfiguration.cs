using Allo.Scheduler.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> b)
    {
        b.ToTable("AccessLog");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.StaffId).HasMaxLength(450).IsRequired();
        b.Property(x => x.Reference).HasMaxLength(Domain.Bookings.BookingReference.Length).IsRequired();
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(16);
        // No foreign keys: the log outlives what it points to (an erased booking, a removed account).
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Reference, x.At });
        b.HasIndex(x => new { x.StaffId, x.At });
    }
}
