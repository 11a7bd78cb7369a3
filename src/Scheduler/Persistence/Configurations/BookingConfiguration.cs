using Allo.Domain.Bookings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> b)
    {
        b.ToTable("Bookings");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Reference).HasMaxLength(BookingReference.Length).IsRequired();
        b.HasIndex(x => x.Reference).IsUnique();
        b.Property(x => x.ManageTokenHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.PhoneE164).HasMaxLength(16).IsRequired();
        b.Property(x => x.PhoneKind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.FrontEnd).HasConversion<string>().HasMaxLength(8);
        // Two changes racing on one booking (a move and a cancel, say): the second must fail, not overwrite.
        b.Property(x => x.Sequence).IsConcurrencyToken();
        // Two agents claiming one callback at once both read it unclaimed; the claim fields and the
        // status are checked in the UPDATE, so the database lets exactly one of them through.
        b.Property(x => x.Status).IsConcurrencyToken();
        b.Property(x => x.ClaimedBy).HasMaxLength(450).IsConcurrencyToken();
        b.Property(x => x.ClaimExpiresAt).IsConcurrencyToken();
        b.Ignore(x => x.Phone);
        b.Ignore(x => x.IsActive);
        b.Ignore(x => x.SlotCount);
        b.Property(x => x.Plan)
            .HasColumnName("ContactPlan")
            .HasConversion(new ContactPlanJson.Converter(), new ContactPlanJson.Comparer())
            .IsRequired();
        b.HasIndex(x => x.SlotStart);
        b.HasIndex(x => new { x.Status, x.SlotStart });
        // The dashboard counts bookings on the day they were made and cancellations on the day they happened.
        b.HasIndex(x => x.CreatedAt);
        b.HasIndex(x => x.CancelledAt);
        // Only the bookings that may still change are counted live; the frozen ones are in the rollup
        // (docs/decisions/0038-frozen-bookings-are-counted-once.md). These indexes hold just the former.
        b.HasIndex(x => x.CreatedAt, "IX_Bookings_CreatedAt_MayChange").HasFilter(Managers.BookingFigures.MayChange);
        b.HasIndex(x => x.SlotStart, "IX_Bookings_SlotStart_MayChange").HasFilter(Managers.BookingFigures.MayChange);
        b.HasIndex(x => x.ErasedAt);
        // A number's bookings, newest first, whatever their status: the language of a text that is
        // not understood comes from its latest one (TextConversations.NotReadAsync), and a year holds a
        // million bookings.
        b.HasIndex(x => new { x.PhoneE164, x.CreatedAt });
        // The calls agents hold right now: each queue view reads an agent's own and counts the others',
        // and routing asks who is free. Partial, so it holds the few calls held at the moment, not the
        // year; a claim and its release then change an indexed column (not HOT), once per call.
        b.HasIndex(x => new { x.ClaimedBy, x.ClaimExpiresAt }, "IX_Bookings_Claimed").HasFilter("\"ClaimedBy\" IS NOT NULL");

        // One active booking per phone number, enforced by the database so that two tabs or two
        // web nodes cannot both create one. The filter lists the active statuses from the domain.
        var active = string.Join(", ", BookingStatuses.Active.Select(s => $"'{s}'"));
        b.HasIndex(x => x.PhoneE164)
            .IsUnique()
            .HasFilter($"\"Status\" IN ({active})")
            .HasDatabaseName("IX_Bookings_ActivePhone");

        b.ComplexProperty(x => x.Needs, NeedsColumns.Map);
    }
}
