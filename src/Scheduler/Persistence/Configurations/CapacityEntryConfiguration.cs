using Allo.Domain.Slots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class CapacityEntryConfiguration : IEntityTypeConfiguration<CapacityEntry>
{
    public void Configure(EntityTypeBuilder<CapacityEntry> b)
    {
        b.ToTable("Capacity", t => t.HasCheckConstraint("CK_Capacity_Agents", "\"Agents\" >= 0"));
        b.HasKey(x => new { x.Day, x.Hour });
        b.Property(x => x.Day).HasConversion<string>().HasMaxLength(10);

        // Seeded with the default for every working hour of the default opening hours; managers edit it.
        b.HasData(
            from day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            from hour in Enumerable.Range(8, 10)
            select new CapacityEntry { Day = day, Hour = hour, Agents = CapacityTable.DefaultSeats });
    }
}
