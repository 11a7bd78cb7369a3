using Allo.Scheduler.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace Allo.Scheduler.Persistence.Configurations;

public sealed class SendBudgetConfiguration : IEntityTypeConfiguration<SendBudget>
{
    public void Configure(EntityTypeBuilder<SendBudget> b)
    {
        b.ToTable("SendBudgets");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(16);
        // Spent up to long ago: both budgets start full.
        b.HasData(
            new SendBudget { Name = SendBudget.Sms, SpentUntil = Instant.FromUnixTimeSeconds(0) },
            new SendBudget { Name = SendBudget.Voice, SpentUntil = Instant.FromUnixTimeSeconds(0) });
    }
}
