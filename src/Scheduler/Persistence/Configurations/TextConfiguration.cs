using Allo.Scheduler.Texting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class InboundTextConfiguration : IEntityTypeConfiguration<InboundText>
{
    public void Configure(EntityTypeBuilder<InboundText> b)
    {
        b.ToTable("InboundTexts");
        // Twilio's MessageSid: the idempotency key of the SMS webhook.
        b.HasKey(x => x.Sid);
        b.Property(x => x.Sid).HasMaxLength(64);
        b.Property(x => x.From).HasMaxLength(16).IsRequired();
        b.Property(x => x.Body).HasMaxLength(Domain.Texting.TextCommand.MaxLength);
        b.Property(x => x.Reply).HasMaxLength(1600);
        b.HasIndex(x => new { x.From, x.ReceivedAt });
    }
}

public sealed class TextConversationConfiguration : IEntityTypeConfiguration<TextConversation>
{
    public void Configure(EntityTypeBuilder<TextConversation> b)
    {
        b.ToTable("TextConversations");
        b.HasKey(x => x.Phone);
        b.Property(x => x.Phone).HasMaxLength(16);
        b.Property(x => x.Step).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Language).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.Offered).HasMaxLength(400);
        // Two texts from one number at once: the second re-reads the conversation instead of overwriting it.
        b.Property(x => x.UpdatedAt).IsConcurrencyToken();
    }
}
