using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;

namespace Allo.Scheduler.Bookings;

/// <summary>
/// The seats of one slot and how many calls hold one, in all and in one language (the agents on shift
/// who speak it, and the calls in it).
/// </summary>
public readonly record struct SlotLoad(int Seats, int Taken, int LanguageSeats, int LanguageTaken)
{
    /// <summary>
    /// Seats a new call in the language can take: it needs a free seat in the slot and one in its
    /// language; none while either holds more calls than seats (after a cut).
    /// </summary>
    public int Free => Math.Max(0, Math.Min(Seats - Taken, LanguageSeats - LanguageTaken));
}

/// <summary>
/// The seat ledger: the only place where seats are taken and given back, and where the seats of each
/// slot are written from the capacity plan. Taking and giving back only stage rows in the caller's
/// unit of work, so a change and its seats commit together or not at all. The database has the last
/// word: a trigger refuses any seat claim beyond the slot's seats, or beyond its seats in the claim's
/// language (docs/decisions/0009-the-seat-ledger.md, 0016-seats-per-language.md).
/// </summary>
public sealed class SeatLedger(AlloDbContext db, SlotCalendar calendar, IClock clock)
{
    /// <summary>The name the database gives a refused seat claim, full in all or in its language (trigger TR_SeatClaims_WithinCapacity).</summary>
    public const string CapacityRule = "CK_SeatClaims_WithinCapacity";

    /// <summary>
    /// Seats and calls of each of these slots, in all and in <paramref name="language"/> (for no
    /// language, the language's figures are the slot's). A slot up to the horizon whose seats were
    /// never written (a day that has just come within the horizon, a new database) gets them written first.
    /// </summary>
    public async Task<IReadOnlyDictionary<Instant, SlotLoad>> LoadsAsync(IReadOnlyCollection<Slot> slots, Language? language, CancellationToken ct = default)
    {
        if (slots.Count == 0)
        {
            return new Dictionary<Instant, SlotLoad>();
        }
        var read = await ReadAsync(slots.Min(s => s.Start), slots.Max(s => s.Start), language, ct);
        var last = HorizonEnd();
        if (slots.Any(s => !read.Seats.ContainsKey(s.Start) && s.Start >= clock.GetCurrentInstant() && s.Start < last && calendar.SlotStartingAt(s.Start) is not null))
        {
            await RefreshAsync(ct);
            read = await ReadAsync(slots.Min(s => s.Start), slots.Max(s => s.Start), language, ct);
        }
        return slots.Distinct().ToDictionary(
            s => s.Start,
            s => new SlotLoad(
                read.Seats.GetValueOrDefault(s.Start), read.Taken.GetValueOrDefault(s.Start),
                language is null ? read.Seats.GetValueOrDefault(s.Start) : read.LanguageSeats.GetValueOrDefault(s.Start),
                language is null ? read.Taken.GetValueOrDefault(s.Start) : read.LanguageTaken.GetValueOrDefault(s.Start)));
    }

    /// <summary>
    /// Stages what makes the booking hold one seat in each slot of <paramref name="run"/>, in its call
    /// language: the seats it already holds there stay, new ones are taken, the others are given back.
    /// False, with nothing staged, when a slot it does not hold yet has no free seat in that language.
    /// </summary>
    public async Task<bool> HoldAsync(Booking booking, IReadOnlyList<Slot> run, CancellationToken ct = default)
    {
        // A booking not yet in the database (being made now) holds nothing: no query for it.
        var held = db.Entry(booking).State == EntityState.Detached
            ? []
            : await db.SeatClaims.Where(c => c.BookingId == booking.Id).ToListAsync(ct);
        var wanted = run.Where(s => held.All(h => h.SlotStart != s.Start)).ToList();
        if (wanted.Count > 0)
        {
            var loads = await LoadsAsync(wanted, booking.Language, ct);
            if (wanted.Any(s => loads[s.Start].Free == 0))
            {
                return false;
            }
        }
        db.SeatClaims.RemoveRange(held.Where(h => run.All(s => s.Start != h.SlotStart)));
        db.SeatClaims.AddRange(wanted.Select(s => new SeatClaim { SlotStart = s.Start, BookingId = booking.Id, Language = booking.Language }));
        return true;
    }

    /// <summary>
    /// Stages a seat in each slot of <paramref name="run"/> for a booking being made now, without
    /// reading what is taken: the database's capacity rule decides when the unit of work is saved,
    /// and refuses it whole when a slot has no seat (<see cref="Refused"/>). The hot path of a booking
    /// storm, where a read first would cost a round trip and still decide nothing.
    /// </summary>
    public void Claim(Booking booking, IReadOnlyList<Slot> run) =>
        db.SeatClaims.AddRange(run.Select(s => new SeatClaim { SlotStart = s.Start, BookingId = booking.Id, Language = booking.Language }));

    /// <summary>
    /// Whether <see cref="BookAsync"/> can save a new booking here: on PostgreSQL, with no transaction
    /// of the caller's open (a batch is then its own implicit transaction). Otherwise stage with
    /// <see cref="Claim"/> and save the unit of work.
    /// </summary>
    public bool CanBookInOneBatch => db.Database.IsNpgsql() && db.Database.CurrentTransaction is null;

    /// <summary>
    /// Saves a booking being made now with a seat in each slot of <paramref name="run"/> and its
    /// messages as one batch of inserts that the change tracker never sees (EF Core's change tracking
    /// and SQL generation were most of a booking's CPU, docs/decisions/0039). PostgreSQL runs a batch
    /// that no transaction encloses as one implicit transaction: all of it or nothing. The database
    /// decides as for a save, and a refusal is thrown as a save's <see cref="DbUpdateException"/>: the
    /// booking row goes first, so a number with an active booking is refused by IX_Bookings_ActivePhone,
    /// then the claims, which the capacity trigger refuses when a slot is full (<see cref="Refused"/>).
    /// Nothing is left tracked. Only where <see cref="CanBookInOneBatch"/>.
    /// </summary>
    public async Task BookAsync(Booking booking, IReadOnlyList<Slot> run, IReadOnlyCollection<Messaging.OutboundMessage> messages, CancellationToken ct = default)
    {
        if (!CanBookInOneBatch)
        {
            throw new InvalidOperationException("A booking is saved in one batch only on PostgreSQL outside a transaction; stage it with Claim and save.");
        }
        var claims = run.Select(s => new SeatClaim { SlotStart = s.Start, BookingId = booking.Id, Language = booking.Language }).ToList();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(RowInsert.For<Booking>(db).Command([booking]));
            batch.BatchCommands.Add(RowInsert.For<SeatClaim>(db).Command(claims));
            if (messages.Count > 0)
            {
                batch.BatchCommands.Add(RowInsert.For<Messaging.OutboundMessage>(db).Command(messages));
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e)
        {
            throw new DbUpdateException("The database refused the new booking.", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Stages giving back every seat the booking holds (a cancellation, the end of the call).</summary>
    public async Task GiveBackAsync(Booking booking, CancellationToken ct = default) =>
        db.SeatClaims.RemoveRange(await db.SeatClaims.Where(c => c.BookingId == booking.Id).ToListAsync(ct));

    /// <summary>
    /// Whether saving failed because another writer got there first: the database refused a seat
    /// (the slot filled meanwhile), or two writers waited on each other's slots and it stopped one.
    /// The caller looks again.
    /// </summary>
    public static bool LostRace(DbUpdateException e) =>
        Refused(e) || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected };

    /// <summary>Whether saving failed because the database's capacity rule refused a seat claim: a slot (or its language) had no seat.</summary>
    public static bool Refused(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.CheckViolation && pg.ConstraintName == CapacityRule,
        SqliteException lite => lite.SqliteErrorCode == 19 && lite.Message.Contains(CapacityRule, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>The weekly plan with its closures and extra agents, as it stands now.</summary>
    public Task<CapacityTable> PlanAsync(CancellationToken ct = default) => PlanAsync(db, ct);

    private async Task<CapacityTable> PlanAsync(AlloDbContext context, CancellationToken ct)
    {
        var entries = await context.Capacity.AsNoTracking().ToListAsync(ct);
        var speakers = await context.CapacityLanguages.AsNoTracking().ToListAsync(ct);
        var today = calendar.Today(clock.GetCurrentInstant());
        var adjustments = await context.CapacityAdjustments.AsNoTracking().Where(a => a.To >= today).ToListAsync(ct);
        return new CapacityTable(entries.Select(e => (e.Day, e.Hour, e.Agents)), adjustments: adjustments,
            speakers: speakers.Select(e => (e.Day, e.Hour, e.Language, e.Agents)));
    }

    /// <summary>
    /// Changes the capacity plan (<paramref name="change"/> stages it on this context) and writes the
    /// seats of every slot from today to the horizon from the new plan, in one transaction that waits
    /// its turn behind any other capacity change. A cut below the calls already booked leaves the slot
    /// over-full: it takes no new call until it is back under its seats; a raise frees seats at once.
    /// </summary>
    public async Task ChangeCapacityAsync(Func<Task> change, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await TakeTurnAsync(db, ct);
                await change();
                await db.SaveChangesAsync(ct);
                await WriteSeatsAsync(db, ct);
                await tx.CommitAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < 3 && LostRace(e))
            {
                // A booking held a slot row this change had to write while waiting for one we held.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Writes the seats of every slot from today to the horizon from the plan as it stands, on a unit
    /// of work of its own (nothing the caller has staged is saved with it). Start-up, a new day and a
    /// change of opening hours come through here. Inside the caller's transaction (a text message is
    /// one) it writes on that transaction's connection, so it never waits for the caller's own locks.
    /// </summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is { } current)
        {
            await using var shared = NewContext(db.Database.GetDbConnection());
            await shared.Database.UseTransactionAsync(current.GetDbTransaction(), ct);
            await TakeTurnAsync(shared, ct);
            await WriteSeatsAsync(shared, ct);
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            await using var own = NewContext(null);
            await using var tx = await own.Database.BeginTransactionAsync(ct);
            try
            {
                await TakeTurnAsync(own, ct);
                await WriteSeatsAsync(own, ct);
                await tx.CommitAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < 3 && LostRace(e))
            {
                await tx.RollbackAsync(ct);
            }
        }
    }

    /// <summary>Another context on the same database: on its own connection, or on the one given.</summary>
    private AlloDbContext NewContext(System.Data.Common.DbConnection? connection)
    {
        if (connection is null)
        {
            return (AlloDbContext)Activator.CreateInstance(db.GetType(), db.GetService<IDbContextOptions>())!;
        }
        if (db.Database.IsSqlite())
        {
            return new SqliteAlloDbContext(new DbContextOptionsBuilder<SqliteAlloDbContext>().UseSqlite(connection).Options);
        }
        return new PostgresAlloDbContext(new DbContextOptionsBuilder<PostgresAlloDbContext>().UseNpgsql(connection).Options);
    }

    // The first write of the transaction: a second capacity change waits here until this one commits,
    // and then reads the plan this one wrote.
    private static Task TakeTurnAsync(AlloDbContext context, CancellationToken ct) =>
        context.CapacityRevision.Where(r => r.Id == CapacityRevision.TheOne)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1), ct);

    private async Task WriteSeatsAsync(AlloDbContext context, CancellationToken ct)
    {
        var plan = await PlanAsync(context, ct);
        var today = calendar.Today(clock.GetCurrentInstant());
        var from = today.AtStartOfDayInZone(calendar.Zone).ToInstant();
        var to = HorizonEnd();
        var wanted = new Dictionary<Instant, int>();
        var wantedInLanguage = new Dictionary<(Instant, Language), int>();
        for (var date = today; date.AtStartOfDayInZone(calendar.Zone).ToInstant() < to; date = date.PlusDays(1))
        {
            foreach (var slot in calendar.SlotsOn(date))
            {
                wanted[slot.Start] = plan.SeatsFor(slot);
                foreach (var language in Languages.All)
                {
                    wantedInLanguage[(slot.Start, language)] = plan.SeatsFor(slot, language);
                }
            }
        }
        var existing = await context.SlotSeats.Where(s => s.SlotStart >= from && s.SlotStart < to).ToListAsync(ct);
        foreach (var row in existing)
        {
            // A time that is no longer an opening time (changed hours, a new holiday) has no seats.
            var seats = wanted.Remove(row.SlotStart, out var value) ? value : 0;
            if (row.Seats != seats)
            {
                row.Seats = seats;
            }
        }
        context.SlotSeats.AddRange(wanted.Select(w => new SlotSeats { SlotStart = w.Key, Seats = w.Value }));
        foreach (var row in await context.SlotLanguageSeats.Where(s => s.SlotStart >= from && s.SlotStart < to).ToListAsync(ct))
        {
            var seats = wantedInLanguage.Remove((row.SlotStart, row.Language), out var value) ? value : 0;
            if (row.Seats != seats)
            {
                row.Seats = seats;
            }
        }
        context.SlotLanguageSeats.AddRange(wantedInLanguage.Select(w => new SlotLanguageSeats { SlotStart = w.Key.Item1, Language = w.Key.Item2, Seats = w.Value }));
        await context.SaveChangesAsync(ct);
    }

    // One day past the horizon, so the day that comes within it at midnight already has its seats.
    private Instant HorizonEnd() =>
        calendar.Today(clock.GetCurrentInstant()).PlusDays(calendar.Hours.HorizonDays + 2).AtStartOfDayInZone(calendar.Zone).ToInstant();

    private sealed record Counts(Dictionary<Instant, int> Seats, Dictionary<Instant, int> Taken, Dictionary<Instant, int> LanguageSeats, Dictionary<Instant, int> LanguageTaken);

    // One query, one round trip: each slot row with its claims counted beside it (the index on
    // SeatClaims(SlotStart, Language) answers both counts). Every claim has its slot's row, which the
    // capacity trigger needs before it takes any claim.
    private async Task<Counts> ReadAsync(Instant first, Instant last, Language? language, CancellationToken ct)
    {
        var rows = new List<SlotRow>();
        var read = Read.For(db)(db, first, last, language);
        await foreach (var row in read.WithCancellation(ct))
        {
            rows.Add(row);
        }
        return new Counts(
            rows.ToDictionary(r => r.SlotStart, r => r.Seats),
            rows.ToDictionary(r => r.SlotStart, r => r.Taken),
            language is null ? [] : rows.ToDictionary(r => r.SlotStart, r => r.LanguageSeats),
            language is null ? [] : rows.ToDictionary(r => r.SlotStart, r => r.LanguageTaken));
    }

    private sealed record SlotRow(Instant SlotStart, int Seats, int Taken, int LanguageSeats, int LanguageTaken);

    // Compiled once: the slot list and every refused booking run it, and EF Core's look-up of a
    // query's shape in its cache was a tenth of their CPU (docs/decisions/0033). The claims are
    // counted once over the range and joined to the slot rows (decision 0043): a count beside each
    // row probed the claims index two or three times per slot, most of a refused booking's reads.
    // The language's seats are looked up by key beside each slot: joined, PostgreSQL's custom plan
    // read every language row of the horizon (a hash join over a sequential scan, 0.25 ms of a day's
    // 0.28 ms read in a storm), and a range on the join misled its generic plan; by key 0.05 ms.
    // Without a language (the demo data, the API asked without one) nothing matches the language's
    // columns, which the caller then leaves out.
    private static readonly CompiledPerModel<Func<AlloDbContext, Instant, Instant, Language?, IAsyncEnumerable<SlotRow>>> Read = new(() =>
        EF.CompileAsyncQuery((AlloDbContext db, Instant first, Instant last, Language? spoken) =>
            from s in db.SlotSeats.AsNoTracking()
            where s.SlotStart >= first && s.SlotStart <= last
            join c in
                from c in db.SeatClaims
                where c.SlotStart >= first && c.SlotStart <= last
                group c by c.SlotStart into g
                select new { SlotStart = g.Key, Taken = g.Count(), InLanguage = g.Count(x => x.Language == spoken) }
                on s.SlotStart equals c.SlotStart into taken
            from c in taken.DefaultIfEmpty()
            select new SlotRow(
                s.SlotStart, s.Seats, (int?)c.Taken ?? 0,
                db.SlotLanguageSeats.Where(l => l.SlotStart == s.SlotStart && l.Language == spoken).Select(l => (int?)l.Seats).FirstOrDefault() ?? 0,
                (int?)c.InLanguage ?? 0)));
}
