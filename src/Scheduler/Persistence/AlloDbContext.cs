using Allo.Domain.Bookings;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Persistence;

/// <summary>
/// The one EF Core model. Each provider has a subclass only so that its migrations live apart
/// (see docs/decisions/0002-two-providers-one-model.md).
/// </summary>
public abstract class AlloDbContext(DbContextOptions options) : IdentityDbContext<Staff.StaffUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The keys that protect cookies (the booking draft, antiforgery, staff sign-in): in the database, so
    /// every web node can read what another wrote and a restart does not sign everyone out.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<SeatClaim> SeatClaims => Set<SeatClaim>();
    public DbSet<SlotSeats> SlotSeats => Set<SlotSeats>();
    public DbSet<SlotLanguageSeats> SlotLanguageSeats => Set<SlotLanguageSeats>();
    public DbSet<CapacityRevision> CapacityRevision => Set<CapacityRevision>();
    public DbSet<CapacityEntry> Capacity => Set<CapacityEntry>();
    public DbSet<CapacityLanguageEntry> CapacityLanguages => Set<CapacityLanguageEntry>();
    public DbSet<Domain.Slots.CapacityAdjustment> CapacityAdjustments => Set<Domain.Slots.CapacityAdjustment>();
    public DbSet<Messaging.OutboundMessage> OutboundMessages => Set<Messaging.OutboundMessage>();
    public DbSet<Messaging.ChannelOptOut> ChannelOptOuts => Set<Messaging.ChannelOptOut>();
    public DbSet<Messaging.SendBudget> SendBudgets => Set<Messaging.SendBudget>();
    public DbSet<Managers.MessageDayCount> MessageDayCounts => Set<Managers.MessageDayCount>();
    public DbSet<Managers.RollupMark> RollupMarks => Set<Managers.RollupMark>();
    public DbSet<Managers.BookingDayCount> BookingDayCounts => Set<Managers.BookingDayCount>();
    public DbSet<Domain.Calls.CallRecord> CallRecords => Set<Domain.Calls.CallRecord>();
    public DbSet<Domain.Feedback.CallFeedback> Feedback => Set<Domain.Feedback.CallFeedback>();
    public DbSet<Texting.InboundText> InboundTexts => Set<Texting.InboundText>();
    public DbSet<Texting.TextConversation> TextConversations => Set<Texting.TextConversation>();
    public DbSet<Voice.VoiceCall> VoiceCalls => Set<Voice.VoiceCall>();
    public DbSet<Voice.VoiceTurn> VoiceTurns => Set<Voice.VoiceTurn>();
    public DbSet<Staff.StaffChange> StaffChanges => Set<Staff.StaffChange>();
    public DbSet<Staff.StaffPasswordLink> StaffPasswordLinks => Set<Staff.StaffPasswordLink>();
    public DbSet<Calls.ClaimReason> ClaimReasons => Set<Calls.ClaimReason>();
    public DbSet<Calls.AgentPresence> AgentPresence => Set<Calls.AgentPresence>();
    public DbSet<Privacy.AccessLogEntry> AccessLog => Set<Privacy.AccessLogEntry>();
    public DbSet<Bookings.IdempotencyRecord> IdempotencyKeys => Set<Bookings.IdempotencyRecord>();
    public DbSet<Domain.Waitlist.WaitlistEntry> WaitlistEntries => Set<Domain.Waitlist.WaitlistEntry>();
    public DbSet<Waitlist.WaitlistOffer> WaitlistOffers => Set<Waitlist.WaitlistOffer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's tables (staff accounts and roles) first, then ours.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AlloDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC date-times: timestamptz on PostgreSQL, ISO text on SQLite
        // (which sorts and compares correctly as text).
        configurationBuilder.Properties<Instant>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<Instant?>().HaveConversion<NullableInstantConverter>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
    }
}

public sealed class SqliteAlloDbContext(DbContextOptions<SqliteAlloDbContext> options) : AlloDbContext(options);

public sealed class PostgresAlloDbContext(DbContextOptions<PostgresAlloDbContext> options) : AlloDbContext(options);
