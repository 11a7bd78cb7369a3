using Allo.Scheduler.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyKeys");
        // The key is the database's: two nodes reserving the same key at once cannot both win.
        b.HasKey(x => new { x.Key, x.Operation });
        b.Property(x => x.Key).HasMaxLength(255);
        b.Property(x => x.Operation).HasMaxLength(40);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.Reference).HasMaxLength(10);
        b.HasIndex(x => x.ExpiresAt);
        b.HasIndex(x => x.Reference);
    }
}
