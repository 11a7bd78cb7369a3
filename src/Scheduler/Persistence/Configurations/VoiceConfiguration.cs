using Allo.Scheduler.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class VoiceCallConfiguration : IEntityTypeConfiguration<VoiceCall>
{
    public void Configure(EntityTypeBuilder<VoiceCall> b)
    {
        b.ToTable("VoiceCalls");
        b.HasKey(x => x.CallSid);
        b.Property(x => x.CallSid).HasMaxLength(64);
        b.Property(x => x.From).HasMaxLength(16);
        b.Property(x => x.Phone).HasMaxLength(16);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.Step).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Offered).HasMaxLength(400);
        b.Property(x => x.OtherLanguage).HasMaxLength(Bookings.BookingFields.MaxLanguageName);
        b.Property(x => x.ProxyPhone).HasMaxLength(16);
        // No concurrency token: the turn's row in VoiceTurns is what lets only one request of a call act.
        b.HasIndex(x => x.UpdatedAt);
    }
}

public sealed class VoiceTurnConfiguration : IEntityTypeConfiguration<VoiceTurn>
{
    public void Configure(EntityTypeBuilder<VoiceTurn> b)
    {
        b.ToTable("VoiceTurns");
        // CallSid and turn: the idempotency key of the voice webhook.
        b.HasKey(x => new { x.CallSid, x.Turn });
        b.Property(x => x.CallSid).HasMaxLength(64);
        b.Property(x => x.Reply).HasMaxLength(8000);
    }
}
