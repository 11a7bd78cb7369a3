using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using NodaTime;

namespace Allo.Scheduler.Tests.Bookings;

/// <summary>
/// Seats per language (docs/decisions/0016-seats-per-language.md): a call needs a free seat in its slot
/// and one in its call language, on each provider (classes at the end).
/// </summary>
public abstract class SeatsPerLanguageTests(DatabaseProvider provider) : BookingTestBase(provider)
{
    private static readonly LocalDate Wednesday = new(2026, 12, 2);

    /// <summary>Four agents on shift at Wednesday 10:00, one of whom speaks German.</summary>
    protected Task OneGermanSpeakerAsync() =>
        Database.SetAgentsAsync(Wednesday10, 4, Clock, new Dictionary<Language, int> { [Language.De] = 1 });

    private async Task<Guid> BookingRowAsync(AlloDbContext db, Language language, string phone)
    {
        PhoneNumber.TryParse(phone, out var number);
        var booking = Booking.Book(Calendar, Wednesday10, Clock.GetCurrentInstant(), number!, language, null, null,
            Needs.None, BookingService.PlanFor(language, number!.Kind, false, Needs.None), BookingReference.New(), "hash");
        db.Bookings.Add(booking);
        await db.SaveChangesAsync();
        return booking.Id;
    }

    protected async Task<int> CallsAsync(Instant slot, Language? language = null)
    {
        await using var db = Database.NewContext();
        return await db.SeatClaims.CountAsync(c => c.SlotStart == slot && (language == null || c.Language == language));
    }

    [Fact]
    public async Task Four_German_bookings_cannot_fill_a_slot_with_one_German_speaking_agent_and_the_refusal_offers_other_times()
    {
        await OneGermanSpeakerAsync();

        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 60 00 00", "de")));
        for (var i = 1; i < 4; i++)
        {
            var full = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, $"0470 60 00 0{i}", "de")));
            Assert.NotEmpty(full.Alternatives);
            Assert.DoesNotContain(full.Alternatives, a => a.Slot.Start == Wednesday10);
        }

        Assert.Equal((1, 1), (await CallsAsync(Wednesday10), await CallsAsync(Wednesday10, Language.De)));
        // The other three agents still take calls in the languages they speak.
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, $"0470 60 01 0{i}", "nl")));
        }
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 60 01 09", "fr")));
        Assert.Equal(4, await CallsAsync(Wednesday10));
    }

    [Fact]
    public async Task The_free_times_in_a_language_count_its_seats_and_the_slots_seats()
    {
        await OneGermanSpeakerAsync();
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 61 00 00", "nl")));

        await using var db = Database.NewContext();
        var service = NewService(db);
        Assert.Equal(1, (await service.AvailabilityAsync(Wednesday, 1, Language.De)).Single(a => a.Slot.Start == Wednesday10).SeatsLeft);
        Assert.Equal(3, (await service.AvailabilityAsync(Wednesday, 1, Language.Nl)).Single(a => a.Slot.Start == Wednesday10).SeatsLeft);
        Assert.Equal(3, (await service.AvailabilityAsync(Wednesday, 1, null)).Single(a => a.Slot.Start == Wednesday10).SeatsLeft);
    }

    [Fact]
    public async Task A_day_with_no_German_speaker_offers_German_callers_the_next_day_and_keeps_the_day_for_others()
    {
        await using (var db = Database.NewContext())
        {
            var planning = new CapacityPlanning(db, Calendar, new SeatLedger(db, Calendar, Clock), Clock);
            var hours = planning.OpenHours().Single(d => d.Day == IsoDayOfWeek.Wednesday).Hours;
            Assert.Null(await planning.SaveSpeakersAsync(Language.De, hours.ToDictionary(h => (IsoDayOfWeek.Wednesday, h), _ => 0)));
        }

        var full = Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 62 00 00", "de")));
        Assert.NotEmpty(full.Alternatives);
        Assert.All(full.Alternatives, a => Assert.Equal(Wednesday.PlusDays(1), a.Slot.LocalDate));
        await using (var db = Database.NewContext())
        {
            Assert.All(await NewService(db).AvailabilityAsync(Wednesday, 1, Language.De), a => Assert.Equal(0, a.SeatsLeft));
        }
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 62 00 01", "fr")));
    }

    [Fact]
    public async Task The_database_refuses_a_direct_insert_beyond_the_languages_seats_but_takes_one_in_another_language()
    {
        await OneGermanSpeakerAsync();
        await using var db = Database.NewContext();
        db.SeatClaims.Add(new SeatClaim { SlotStart = Wednesday10, BookingId = await BookingRowAsync(db, Language.De, "0470 63 00 01"), Language = Language.De });
        await db.SaveChangesAsync();

        // Straight through EF Core, past the ledger.
        db.SeatClaims.Add(new SeatClaim { SlotStart = Wednesday10, BookingId = await BookingRowAsync(db, Language.De, "0470 63 00 02"), Language = Language.De });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(SeatLedger.LostRace(refused));
        db.ChangeTracker.Clear();

        // And as plain SQL, the way an operator with a SQL prompt would.
        var third = await BookingRowAsync(db, Language.De, "0470 63 00 03");
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "SeatClaims" ("SlotStart", "BookingId", "Language") VALUES ({Wednesday10.ToDateTimeUtc()}, {third}, 'De')"""));
        Assert.Equal(1, await CallsAsync(Wednesday10));

        var dutch = await BookingRowAsync(db, Language.Nl, "0470 63 00 04");
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "SeatClaims" ("SlotStart", "BookingId", "Language") VALUES ({Wednesday10.ToDateTimeUtc()}, {dutch}, 'Nl')""");
        Assert.Equal(2, await CallsAsync(Wednesday10));
    }

    [Fact]
    public async Task A_claim_in_another_language_than_its_bookings_is_refused_and_is_not_taken_for_a_lost_race()
    {
        await OneGermanSpeakerAsync();
        await using var db = Database.NewContext();
        db.SeatClaims.Add(new SeatClaim { SlotStart = Wednesday10, BookingId = await BookingRowAsync(db, Language.De, "0470 64 00 01"), Language = Language.Nl });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.False(SeatLedger.LostRace(refused));
        Assert.Equal(0, await CallsAsync(Wednesday10));
    }

    [Fact]
    public async Task Fewer_German_speakers_than_German_calls_flag_the_slot_with_its_German_calls_only()
    {
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 65 00 00", "de")));
        var second = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 65 00 01", "de")));
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 65 00 02", "nl")));

        await OneGermanSpeakerAsync();

        await using var db = Database.NewContext();
        var planning = new CapacityPlanning(db, Calendar, new SeatLedger(db, Calendar, Clock), Clock);
        var overfull = Assert.Single(await planning.OverfullAsync());
        Assert.Equal((Wednesday10, Language.De, 1, 2), (overfull.Slot.Start, overfull.Language, overfull.Seats, overfull.Taken));
        Assert.All(overfull.Bookings, b => Assert.Equal(Language.De, b.Language));
        Assert.IsType<BookingOutcome.Done>(await NewService(db).MoveToNextFreeAsync(second.Booking.Id));
        Assert.Empty(await planning.OverfullAsync());
    }

    [Fact]
    public async Task Migrating_an_installation_keeps_every_agent_speaking_every_language_and_gives_each_claim_its_bookings_language()
    {
        await SetSeatsAsync(Wednesday10, 3);
        var german = Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 68 00 00", "de")));
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 68 00 01", "nl")));
        await using (var db = Database.NewContext())
        {
            // Back to the installation as it was before seats per language, and up again.
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync("StaffAdministration");
            await migrator.MigrateAsync();
        }

        await using (var db = Database.NewContext())
        {
            Assert.All(await db.CapacityLanguages.Where(c => c.Day == IsoDayOfWeek.Wednesday && c.Hour == 10).ToListAsync(), c => Assert.Equal(3, c.Agents));
            Assert.Equal(4 * await db.Capacity.CountAsync(), await db.CapacityLanguages.CountAsync());
            Assert.Equal(Languages.All.Order(), (await db.SlotLanguageSeats.Where(s => s.SlotStart == Wednesday10 && s.Seats == 3).Select(s => s.Language).ToListAsync()).Order());
            Assert.Equal(Language.De, (await db.SeatClaims.SingleAsync(c => c.BookingId == german.Booking.Id)).Language);
        }
        // The trigger counts per language again: one seat left in all, in any language.
        Assert.IsType<BookingOutcome.Done>(await BookAsync(Input(Wednesday10, "0470 68 00 02", "de")));
        Assert.IsType<BookingOutcome.SlotFull>(await BookAsync(Input(Wednesday10, "0470 68 00 03", "fr")));
        Assert.Equal((3, 2), (await CallsAsync(Wednesday10), await CallsAsync(Wednesday10, Language.De)));
    }
}

public sealed class SqliteSeatsPerLanguageTests() : SeatsPerLanguageTests(DatabaseProvider.Sqlite);

public sealed class PostgresSeatsPerLanguageTests() : SeatsPerLanguageTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Forty_concurrent_German_bookings_on_a_slot_with_one_German_speaking_agent_take_one_seat()
    {
        await OneGermanSpeakerAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => BookAsync(Input(Wednesday10, $"0470 66 00 {i:00}", "de")))));

        Assert.Equal(1, outcomes.Count(o => o is BookingOutcome.Done));
        Assert.All(outcomes, o => Assert.True(o is BookingOutcome.Done or BookingOutcome.SlotFull, o.ToString()));
        Assert.Equal(1, await CallsAsync(Wednesday10, Language.De));
    }

    [Fact]
    public async Task Concurrent_bookings_in_four_languages_never_pass_the_slots_seats_nor_a_languages_seats()
    {
        // Four agents, one German speaker: forty bookers, ten per language, race for the slot.
        await OneGermanSpeakerAsync();
        var languages = new[] { "nl", "fr", "de", "en" };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => BookAsync(Input(Wednesday10, $"0470 67 00 {i:00}", languages[i % 4])))));

        Assert.Equal(4, outcomes.Count(o => o is BookingOutcome.Done));
        Assert.All(outcomes, o => Assert.True(o is BookingOutcome.Done or BookingOutcome.SlotFull, o.ToString()));
        Assert.Equal(4, await CallsAsync(Wednesday10));
        Assert.InRange(await CallsAsync(Wednesday10, Language.De), 0, 1);
    }
}
