using Allo.Domain.Bookings;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Waitlist;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public void Configure(EntityTypeBuilder<WaitlistEntry> b)
    {
        b.ToTable("WaitlistEntries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.ManageTokenHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.PhoneE164).HasMaxLength(16).IsRequired();
        b.Property(x => x.PhoneKind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.FrontEnd).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        // Two nodes offering to one citizen at once both read them waiting: the second UPDATE finds a
        // newer version and fails, with its held seat, instead of giving them a second offer.
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Phone);
        b.Ignore(x => x.InLine);
        b.Ignore(x => x.IsErased);
        b.Property(x => x.Plan)
            .HasColumnName("ContactPlan")
            .HasConversion(new ContactPlanJson.Converter(), new ContactPlanJson.Comparer())
            .IsRequired();
        // The line: who is waiting, in the order they joined.
        b.HasIndex(x => new { x.Status, x.JoinedAt });
        b.HasIndex(x => x.OfferExpiresAt);
        // A number's entries, newest first, whatever their status: an incoming yes or no answers its latest.
        b.HasIndex(x => new { x.PhoneE164, x.JoinedAt });
        // The retention job finds who left the line before its cutoff.
        b.HasIndex(x => x.LeftAt);
        // One place in line per number.
        b.HasIndex(x => x.PhoneE164)
            .IsUnique()
            .HasFilter($"\"Status\" IN ('{WaitlistStatus.Waiting}', '{WaitlistStatus.Offered}')")
            .HasDatabaseName("IX_WaitlistEntries_InLinePhone");
        b.ComplexProperty(x => x.Needs, NeedsColumns.Map);
    }
}

public sealed class WaitlistOfferConfiguration : IEntityTypeConfiguration<WaitlistOffer>
{
    public void Configure(EntityTypeBuilder<WaitlistOffer> b)
    {
        b.ToTable("WaitlistOffers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(10);
        b.HasOne<WaitlistEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.BookingId).IsUnique();
        // The database's word on "nobody is offered twice at once".
        b.HasIndex(x => x.EntryId)
            .IsUnique()
            .HasFilter($"\"Outcome\" = '{OfferOutcome.Open}'")
            .HasDatabaseName("IX_WaitlistOffers_OpenPerEntry");
        b.HasIndex(x => new { x.EntryId, x.SlotStart });
        // The managers' figures count offers by the day they closed.
        b.HasIndex(x => x.ClosedAt);
    }
}
