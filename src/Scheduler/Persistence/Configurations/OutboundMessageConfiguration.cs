using Allo.Domain.Bookings;
using Allo.Scheduler.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> b)
    {
        b.ToTable("OutboundMessages");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Recipient).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.Style).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(14);
        b.Property(x => x.To).HasMaxLength(254);
        b.Property(x => x.Body).HasMaxLength(4000);
        b.Property(x => x.Link).HasMaxLength(200);
        b.Property(x => x.Provider).HasMaxLength(20);
        b.Property(x => x.ProviderId).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(500);
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
        // The idempotency key: one message per booking version, kind, recipient and channel.
        b.HasIndex(x => new { x.BookingId, x.BookingSequence, x.Kind, x.Recipient, x.Channel }).IsUnique();
        // What the lease looks for: the queued messages by when they are due. Partial, so a message
        // sent leaves it (the index holds the queue, not ten million messages of the year) and the
        // record, the one update that cannot be HOT, writes an index entry fewer.
        b.HasIndex(x => x.NextAttemptAt, "IX_OutboundMessages_QueuedDue")
            .HasFilter($"\"Status\" = '{DeliveryStatus.Queued}'");
        b.HasIndex(x => x.ProviderId);
        // The dashboard counts messages per day of their last status, channel and status: the index
        // holds all three, so PostgreSQL answers from the index alone.
        b.HasIndex(x => new { x.StatusAt, x.Channel, x.Status });
        // Found by address: what still waits on a channel a number has just refused (a STOP, an opt-out),
        // and the thank-you text an incoming text may answer. Without them each scanned every queued
        // message or every message, on every STOP and every incoming text. Partial, so a message sent
        // (a non-HOT update) adds nothing to the first, and only thank-you texts are in the second.
        b.HasIndex(x => new { x.To, x.Channel }, "IX_OutboundMessages_QueuedTo")
            .HasFilter($"\"Status\" = '{DeliveryStatus.Queued}'");
        b.HasIndex(x => new { x.To, x.SentAt }, "IX_OutboundMessages_ThankYouTextsTo")
            .HasFilter($"\"Kind\" = '{MessageKind.ThankYou}' AND \"Channel\" = '{Domain.Contact.Channel.Sms}'");
    }
}

public sealed class ChannelOptOutConfiguration : IEntityTypeConfiguration<ChannelOptOut>
{
    public void Configure(EntityTypeBuilder<ChannelOptOut> b)
    {
        b.ToTable("ChannelOptOuts");
        b.HasKey(x => new { x.Address, x.Channel });
        b.Property(x => x.Address).HasMaxLength(254);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(8);
    }
}
