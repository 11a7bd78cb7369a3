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

public sealed class CapacityLanguageEntryConfiguration : IEntityTypeConfiguration<CapacityLanguageEntry>
{
    public void Configure(EntityTypeBuilder<CapacityLanguageEntry> b)
    {
        // No seed: the SeatsPerLanguage migration copies every hour's agents into each language, so
        // every agent speaks every language until a manager says otherwise.
        b.ToTable("CapacityLanguages", t => t.HasCheckConstraint("CK_CapacityLanguages_Agents", "\"Agents\" >= 0"));
        b.HasKey(x => new { x.Day, x.Hour, x.Language });
        b.Property(x => x.Day).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
    }
}

public sealed class CapacityAdjustmentConfiguration : IEntityTypeConfiguration<CapacityAdjustment>
{
    public void Configure(EntityTypeBuilder<CapacityAdjustment> b)
    {
        b.ToTable("CapacityAdjustments", t => t.HasCheckConstraint("CK_CapacityAdjustments_Dates", "\"To\" >= \"From\""));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Reason).HasMaxLength(200).IsRequired();
        b.Property(x => x.Languages).HasMaxLength(11).IsRequired();
        b.HasIndex(x => x.To);
    }
}
