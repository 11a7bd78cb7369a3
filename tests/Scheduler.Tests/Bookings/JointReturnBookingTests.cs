using Allo.Domain.Contact;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>A booking that names the partner of a joint return, against a real database; run once per provider below.</summary>
public abstract class JointReturnBookingTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    private static BookingInput Couple(string phone, string? partner) =>
        Input(Wednesday10, phone) with { Needs = new NeedsInput { JointReturn = true, PartnerName = partner } };

    [Fact]
    public async Task A_joint_return_books_two_slots_and_stores_the_partner_s_name_only()
    {
        var booking = Assert.IsType<BookingOutcome.Done>(await BookAsync(Couple("0470 40 00 01", "  Leen Claes "))).Booking;
        await using var db = Database.NewContext();
        var stored = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id);
        Assert.Equal(("Leen Claes", 2, Wednesday10 + Duration.FromMinutes(30)), (stored.Needs.PartnerName, stored.SlotCount, stored.SlotEnd));
        Assert.Contains(stored.Plan.Hints, h => h.Value == new Hint(AgentHint.JointReturn, "Leen Claes"));
        Assert.Equal([Wednesday10, Wednesday10 + Duration.FromMinutes(15)],
            await db.SeatClaims.Where(c => c.BookingId == booking.Id).Select(c => c.SlotStart).OrderBy(s => s).ToListAsync());
    }

    [Theory]
    [InlineData(null, "Error.PartnerName.Missing")]
    [InlineData("   ", "Error.PartnerName.Missing")]
    [InlineData("Leen\u0001Claes", "Error.Text.Unusable")]
    public async Task A_joint_return_without_a_usable_partner_name_is_refused_on_that_field_and_nothing_is_stored(string? partner, string key)
    {
        var outcome = Assert.IsType<BookingOutcome.Invalid>(await BookAsync(Couple("0470 40 00 02", partner)));
        Assert.Equal(new FieldError("partnerName", key), Assert.Single(outcome.Errors));
        await using var db = Database.NewContext();
        Assert.False(await db.Bookings.AnyAsync());
    }

    [Fact]
    public async Task A_partner_name_over_one_hundred_characters_is_refused()
    {
        var outcome = Assert.IsType<BookingOutcome.Invalid>(await BookAsync(Couple("0470 40 00 03", new string('a', BookingFields.MaxPartnerName + 1))));
        Assert.Equal(new FieldError("partnerName", "Error.PartnerName.TooLong"), Assert.Single(outcome.Errors));
    }

    [Fact]
    public async Task Retention_erases_the_partner_s_name_with_the_citizen_s()
    {
        var booking = Assert.IsType<BookingOutcome.Done>(await BookAsync(Couple("0470 40 00 04", "Leen Claes") with { Name = "Koen Peeters" })).Booking;
        Clock.Reset(booking.SlotEnd + Duration.FromDays(Settings.RetentionDays + 1));
        await EndTheDaysAsync();
        await using (var db = Database.NewContext())
        {
            await new RetentionJob(db, Settings, Clock).EraseExpiredAsync(CancellationToken.None);
        }
        await using var check = Database.NewContext();
        var erased = await check.Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id);
        Assert.Equal(((string?)null, (string?)null), (erased.Name, erased.Needs.PartnerName));
        Assert.DoesNotContain(erased.Plan.Hints, h => h.Value.Detail == "Leen Claes");
    }
}

public sealed class SqliteJointReturnBookingTests() : JointReturnBookingTests(DatabaseProvider.Sqlite);

public sealed class PostgresJointReturnBookingTests() : JointReturnBookingTests(DatabaseProvider.Postgres);
