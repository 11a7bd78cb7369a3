using Allo.Domain.Bookings;
using Allo.Domain.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class FeedbackConfiguration : IEntityTypeConfiguration<CallFeedback>
{
    public void Configure(EntityTypeBuilder<CallFeedback> b)
    {
        b.ToTable("Feedback");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.Words).HasMaxLength(FeedbackReply.WordsMaxLength);
        b.Property(x => x.AgentId).HasMaxLength(450);
        b.Property(x => x.HandledBy).HasMaxLength(450);
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
        // One feedback per call and source: a repeated webhook or a second text adds to it, never doubles it.
        b.HasIndex(x => new { x.BookingId, x.Source }).IsUnique();
        b.HasIndex(x => x.ReceivedAt);
    }
}
