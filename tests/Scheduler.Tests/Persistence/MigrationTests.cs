using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Tests.Persistence;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_committed_migrations_build_exactly_the_current_model(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run the two `dotnet ef migrations add` commands in docs/architecture.md.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Capacity_is_seeded_with_four_agents_for_every_weekday_working_hour(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var entries = await db.Capacity.ToListAsync();
        Assert.Equal(50, entries.Count);
        Assert.All(entries, e => Assert.Equal(4, e.Agents));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_database_refuses_a_second_claim_on_the_same_seat(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var start = TestClock.Brussels(2026, 12, 2, 10);
        await using var db = database.NewContext();
        var booking = await CreateBookingRowAsync(db, start);
        db.SeatClaims.Add(new Scheduler.Persistence.SeatClaim { SlotStart = start, Seat = 1, BookingId = booking });
        await db.SaveChangesAsync();

        await using var other = database.NewContext();
        var second = await CreateBookingRowAsync(other, start, "+32470000099");
        other.SeatClaims.Add(new Scheduler.Persistence.SeatClaim { SlotStart = start, Seat = 1, BookingId = second });
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
        Assert.True(Scheduler.Persistence.UniqueViolation.Is(e));
    }

    private static async Task<Guid> CreateBookingRowAsync(Scheduler.Persistence.AlloDbContext db, NodaTime.Instant start, string phone = "+32470000098")
    {
        var calendar = new Domain.Slots.SlotCalendar(Domain.Slots.OpeningHours.Default, Domain.Slots.SlotCalendar.Brussels);
        Domain.Bookings.PhoneNumber.TryParse(phone, out var number);
        var booking = Domain.Bookings.Booking.Book(calendar, start, TestClock.Tuesday0800, number!, Domain.Language.Nl, null, null,
            Domain.Bookings.Needs.None, Scheduler.Bookings.BookingService.PlanFor(Domain.Language.Nl, number!.Kind, false, Domain.Bookings.Needs.None),
            Domain.Bookings.BookingReference.New(), "hash");
        db.Bookings.Add(booking);
        await db.SaveChangesAsync();
        return booking.Id;
    }
}
