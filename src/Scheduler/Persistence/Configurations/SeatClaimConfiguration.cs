using Allo.Domain.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class SeatClaimConfiguration : IEntityTypeConfiguration<SeatClaim>
{
    public void Configure(EntityTypeBuilder<SeatClaim> b)
    {
        b.ToTable("SeatClaims");
        b.HasKey(x => new { x.SlotStart, x.Seat });
        // A longer call (an interpreter, more time) holds a seat in each of its consecutive slots.
        b.HasIndex(x => x.BookingId);
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_SeatClaims_Seat", "\"Seat\" >= 1"));
    }
}
