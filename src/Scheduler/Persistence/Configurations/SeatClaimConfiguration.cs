using Allo.Domain.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class SeatClaimConfiguration : IEntityTypeConfiguration<SeatClaim>
{
    public void Configure(EntityTypeBuilder<SeatClaim> b)
    {
        // A longer call (an interpreter, more time) holds a seat in each of its consecutive slots.
        // The limit per slot is not a key but the trigger TR_SeatClaims_WithinCapacity (see the
        // SeatLedger migrations and docs/decisions/0009-the-seat-ledger.md).
        b.ToTable("SeatClaims");
        b.HasKey(x => new { x.SlotStart, x.BookingId });
        b.HasIndex(x => x.BookingId);
        b.HasIndex(x => new { x.SlotStart, x.Language });
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SlotSeatsConfiguration : IEntityTypeConfiguration<SlotSeats>
{
    public void Configure(EntityTypeBuilder<SlotSeats> b)
    {
        b.ToTable("SlotSeats", t => t.HasCheckConstraint("CK_SlotSeats_Seats", "\"Seats\" >= 0"));
        b.HasKey(x => x.SlotStart);
    }
}

public sealed class SlotLanguageSeatsConfiguration : IEntityTypeConfiguration<SlotLanguageSeats>
{
    public void Configure(EntityTypeBuilder<SlotLanguageSeats> b)
    {
        b.ToTable("SlotLanguageSeats", t => t.HasCheckConstraint("CK_SlotLanguageSeats_Seats", "\"Seats\" >= 0"));
        b.HasKey(x => new { x.SlotStart, x.Language });
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
    }
}

public sealed class CapacityRevisionConfiguration : IEntityTypeConfiguration<CapacityRevision>
{
    public void Configure(EntityTypeBuilder<CapacityRevision> b)
    {
        b.ToTable("CapacityRevision");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new CapacityRevision { Id = CapacityRevision.TheOne, Revision = 0 });
    }
}
