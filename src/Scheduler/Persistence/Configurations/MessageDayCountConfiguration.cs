using Allo.Scheduler.Managers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class MessageDayCountConfiguration : IEntityTypeConfiguration<MessageDayCount>
{
    public void Configure(EntityTypeBuilder<MessageDayCount> b)
    {
        b.ToTable("MessageDayCounts");
        b.HasKey(x => new { x.Day, x.Channel, x.Status });
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(14);
    }
}

public sealed class RollupMarkConfiguration : IEntityTypeConfiguration<RollupMark>
{
    public void Configure(EntityTypeBuilder<RollupMark> b)
    {
        b.ToTable("RollupMarks");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(16);
    }
}

public sealed class BookingDayCountConfiguration : IEntityTypeConfiguration<BookingDayCount>
{
    public void Configure(EntityTypeBuilder<BookingDayCount> b)
    {
        b.ToTable("BookingDayCounts");
        b.HasKey(x => new { x.Day, x.Figure });
        b.Property(x => x.Figure).HasMaxLength(40);
    }
}
