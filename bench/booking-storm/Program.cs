// Booking storm. Measures the HTTP booking API on PostgreSQL under many concurrent clients and
// compares it with the bare SQL seat claim on the same server in the same run, so the ratio
// means something on a shared, noisy machine. Two mixes: an opening-day rush (seats for every
// attempt) and a last-seats storm (a few seats, most attempts find the slot full). Loopback only;
// bounded in count and time.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allo.Scheduler.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var options = Options.Parse(args);
var DefaultPlan = DefaultPlanJson();
var apiDb = await CreateDatabaseAsync("allo_bench_api");
var sqlDb = await CreateDatabaseAsync("allo_bench_sql");

// The web role as production runs it: a booking commits its outbox rows and enqueues nothing (decision 0027).
using var web = await WebProcess.StartAsync(options.Web, "Postgres", apiDb, new Dictionary<string, string>());
using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.ConnectionClose = false;

Mix[] mixes =
[
    new("opening-day rush", options.RushSlots, options.RushSeats),
    new("last-seats storm", options.StormSlots, options.StormSeats),
];
await SetSeatsAsync(apiDb, mixes[0].Seats);
var slots = (await http.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?days=21"))!
    .Select(s => s.GetProperty("start").GetString()!)
    .ToArray();
if (slots.Length < mixes.Max(m => m.Slots))
{
    throw new InvalidOperationException($"Only {slots.Length} bookable slots; ask for fewer with --slots.");
}
Console.WriteLine($"booking-storm: {options.Attempts} booking attempts per mix and path by {options.Clients} concurrent clients, against the same PostgreSQL");

// Warm both paths so neither pays for JIT or pool start-up in the measurement: the runtime compiles
// a method again, optimised, only after it has run a few dozen times and a pause, so a short warm-up
// measured the unoptimised code of the first seconds, not the service as it runs all day.
// Both mixes are warmed: a refused attempt runs code a booked one never reaches (the refusal, the
// day's seats, the alternatives), which otherwise ran unoptimised through the storm's first seconds.
// Four rounds, each ending in a pause: with tiered PGO a method is compiled three times (quick, then
// instrumented, then optimised), each step after a few dozen calls and a pause, and after two rounds
// the refusal path was still instrumented and being compiled during the measured storm (decision 0042).
var stormSlots = slots.Take(mixes[1].Slots).ToArray();
for (var round = 0; round < 4; round++)
{
    await ResetAsync(sqlDb, mixes[0].Seats);
    await ResetAsync(apiDb, mixes[0].Seats);
    await RunAsync("warm-up", options.WarmUp, i => BareSqlClaimAsync(sqlDb, slots[i % slots.Length], 900_000 + i));
    await RunAsync("warm-up", options.WarmUp, i => ApiBookAsync(slots[i % slots.Length], 900_000 + i));
    await ResetAsync(sqlDb, mixes[1].Seats);
    await ResetAsync(apiDb, mixes[1].Seats);
    await RunAsync("warm-up", options.WarmUp, i => BareSqlClaimAsync(sqlDb, stormSlots[i % stormSlots.Length], 950_000 + i));
    await RunAsync("warm-up", options.WarmUp, i => ApiBookAsync(stormSlots[i % stormSlots.Length], 950_000 + i));
    await Task.Delay(TimeSpan.FromSeconds(1));
}

var failed = false;
var ratios = new List<string>();
foreach (var mix in mixes)
{
    await ResetAsync(sqlDb, mix.Seats);
    await ResetAsync(apiDb, mix.Seats);
    // The latest times: the earliest would come within the minimum notice during a long run.
    var mixSlots = slots.TakeLast(mix.Slots).ToArray();
    var sql = await RunAsync("bare SQL seat claim", options.Attempts, i => BareSqlClaimAsync(sqlDb, mixSlots[i % mixSlots.Length], i));
    var cpuBefore = web.CpuTime;
    var api = await RunAsync("HTTP API booking", options.Attempts, i => ApiBookAsync(mixSlots[i % mixSlots.Length], i));
    var cpuPerAttempt = (web.CpuTime - cpuBefore).TotalMilliseconds / options.Attempts;
    var sqlOver = await OverbookingsAsync(sqlDb, mix.Seats);
    var apiOver = await OverbookingsAsync(apiDb, mix.Seats);
    Console.WriteLine();
    Console.WriteLine($"{mix.Name}: {mix.Slots} slots of {mix.Seats} seats ({mix.Slots * mix.Seats} seats in all)");
    Console.WriteLine($"  {"",-22}{"attempts/s",12}{"booked",8}{"full",8}{"p50 ms",9}{"p99 ms",9}{"overbooked",12}");
    sql.Print(sqlOver);
    api.Print(apiOver);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  web process CPU per API attempt: {cpuPerAttempt:0.00} ms"));
    ratios.Add(string.Create(CultureInfo.InvariantCulture,
        $"ratio {mix.Name}: HTTP API / bare SQL throughput {api.PerSecond / sql.PerSecond:0.000} (API p99 {api.P99:0} ms, web CPU {cpuPerAttempt:0.0} ms/attempt, p50 latency ratio {api.P50 / Math.Max(sql.P50, 0.001):0.0}x)"));
    var expectedBooked = Math.Min(options.Attempts, mix.Slots * mix.Seats);
    if (apiOver + sqlOver > 0 || api.Booked != expectedBooked || sql.Booked != expectedBooked)
    {
        Console.WriteLine($"FAILED {mix.Name}: expected {expectedBooked} bookings and 0 overbookings on both paths.");
        failed = true;
    }
}
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: web process {web.PeakRssMiB:0} MiB, benchmark {Memory.OwnPeakRssMiB():0} MiB"));
ratios.ForEach(Console.WriteLine);
return failed ? 1 : 0;

async Task<Outcome> ApiBookAsync(string slot, int i)
{
    using var response = await http.PostAsJsonAsync("/api/v1/bookings", new
    {
        slotStart = slot,
        phone = "+32471" + i.ToString("D6", CultureInfo.InvariantCulture),
        language = "nl",
    });
    return response.StatusCode switch
    {
        HttpStatusCode.Created => Outcome.Booked,
        HttpStatusCode.Conflict => Outcome.Full,
        _ => throw new InvalidOperationException($"Unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"),
    };
}

// The same decision the service makes, with nothing around it: insert the booking and its seat
// claim in one transaction, and let the database's capacity trigger say whether the slot is full.
async Task<Outcome> BareSqlClaimAsync(string connectionString, string slot, int i)
{
    var start = DateTimeOffset.Parse(slot, CultureInfo.InvariantCulture).UtcDateTime;
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var tx = await connection.BeginTransactionAsync();
    var id = Guid.CreateVersion7();
    await using var insert = new NpgsqlCommand(
        """
        INSERT INTO "Bookings" ("Id","Reference","ManageTokenHash","SlotStart","SlotEnd","PhoneE164","PhoneKind","Language","Status","Sequence","CallCode","ContactPlan","CreatedAt","UpdatedAt",
          "Needs_Hearing","Needs_MoreTime","Needs_PrefersCall","Needs_PrefersText","Needs_Reading","Needs_Sight","Needs_Speech")
        VALUES (@id,@reference,@hash,@start,@start + interval '15 minutes',@phone,'Mobile','Nl','Booked',0,'0000',@plan,now(),now(),false,false,false,false,false,false,false);
        INSERT INTO "SeatClaims" ("SlotStart","BookingId","Language") VALUES (@start,@id,'Nl');
        """, connection, tx);
    insert.Parameters.AddWithValue("id", id);
    insert.Parameters.AddWithValue("reference", Allo.Domain.Bookings.BookingReference.New().Value);
    insert.Parameters.AddWithValue("hash", new string('0', 64));
    insert.Parameters.AddWithValue("start", start);
    insert.Parameters.AddWithValue("phone", "+32472" + i.ToString("D6", CultureInfo.InvariantCulture));
    insert.Parameters.AddWithValue("plan", DefaultPlan);
    try
    {
        await insert.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return Outcome.Booked;
    }
    catch (PostgresException e) when (e.ConstraintName == Allo.Scheduler.Bookings.SeatLedger.CapacityRule)
    {
        // The database's capacity rule: the slot is full.
        await tx.RollbackAsync();
        return Outcome.Full;
    }
    catch (PostgresException e) when (e.ConstraintName == "IX_Bookings_Reference")
    {
        // A reference drawn twice (likely past ten thousand bookings): again, as the service does.
        await tx.RollbackAsync();
        return await BareSqlClaimAsync(connectionString, slot, i);
    }
}

// The plan every bare-SQL booking stores, as the service would for a mobile number and no needs.
static string DefaultPlanJson() => ContactPlanJson.Write(Allo.Scheduler.Bookings.BookingService.PlanFor(
    Allo.Domain.Language.Nl, Allo.Domain.Bookings.PhoneKind.Mobile, false, Allo.Domain.Bookings.Needs.None));

async Task<Result> RunAsync(string name, int attempts, Func<int, Task<Outcome>> attempt)
{
    var latencies = new double[attempts];
    var outcomes = new Outcome[attempts];
    var next = -1;
    var deadline = Stopwatch.StartNew();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < attempts)
        {
            if (deadline.Elapsed > options.TimeLimit)
            {
                throw new TimeoutException($"{name} ran past its time limit of {options.TimeLimit}.");
            }
            var started = Stopwatch.GetTimestamp();
            outcomes[i] = await attempt(i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })));
    clock.Stop();
    Array.Sort(latencies);
    return new Result(name, attempts / clock.Elapsed.TotalSeconds, outcomes.Count(o => o == Outcome.Booked), outcomes.Count(o => o == Outcome.Full),
        latencies[attempts / 2], latencies[Math.Min(attempts - 1, (int)(attempts * 0.99))]);
}

async Task<string> CreateDatabaseAsync(string name)
{
    await using (var admin = new NpgsqlConnection(options.Postgres))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
    }
    var connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = name, MaxPoolSize = 200 }.ToString();
    await using var db = Context(connectionString);
    await DatabaseStartup.MigrateAsync(db);
    await SetSeatsAsync(connectionString, options.RushSeats);
    return connectionString;
}

static PostgresAlloDbContext Context(string connectionString)
{
    var builder = new DbContextOptionsBuilder<PostgresAlloDbContext>();
    DatabaseRegistration.ConfigurePostgres(builder, connectionString);
    return new PostgresAlloDbContext(builder.Options);
}

// Every agent on every hour, speaking every language; then the seats the database enforces, as a
// capacity change writes them (the web node reads them from the database on every booking).
static async Task SetSeatsAsync(string connectionString, int seats)
{
    await using var db = Context(connectionString);
    await db.Capacity.ExecuteUpdateAsync(s => s.SetProperty(c => c.Agents, seats));
    await db.CapacityLanguages.ExecuteUpdateAsync(s => s.SetProperty(c => c.Agents, seats));
    await new Allo.Scheduler.Bookings.SeatLedger(db, new Allo.Domain.Slots.SlotCalendar(Allo.Domain.Slots.OpeningHours.Default, Allo.Domain.Slots.SlotCalendar.Brussels), NodaTime.SystemClock.Instance).RefreshAsync();
}

static async Task ResetAsync(string connectionString, int seats)
{
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        await new NpgsqlCommand("DELETE FROM \"OutboundMessages\"; DELETE FROM \"SeatClaims\"; DELETE FROM \"Bookings\";", connection).ExecuteNonQueryAsync();
    }
    await SetSeatsAsync(connectionString, seats);
}

static async Task<long> OverbookingsAsync(string connectionString, int seats)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    // Seats claimed beyond the slot's seats (and beyond the seats asked for), plus active bookings without a seat (or with two).
    await using var command = new NpgsqlCommand(
        $"""
        SELECT COALESCE(SUM(GREATEST(c.n - LEAST(COALESCE(s."Seats", 0), {seats}), 0)), 0)::bigint
        FROM (SELECT "SlotStart", COUNT(*) AS n FROM "SeatClaims" GROUP BY "SlotStart") c LEFT JOIN "SlotSeats" s ON s."SlotStart" = c."SlotStart";
        """, connection);
    var over = (long)(await command.ExecuteScalarAsync())!;
    await using var orphans = new NpgsqlCommand(
        """SELECT COUNT(*) FROM "Bookings" b WHERE b."Status" = 'Booked' AND (SELECT COUNT(*) FROM "SeatClaims" s WHERE s."BookingId" = b."Id") <> 1""", connection);
    return over + (long)(await orphans.ExecuteScalarAsync())!;
}

internal enum Outcome
{
    Booked,
    Full,
}

internal sealed record Mix(string Name, int Slots, int Seats);

internal sealed record Result(string Name, double PerSecond, int Booked, int Full, double P50, double P99)
{
    public void Print(long overbooked) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {Name,-22}{PerSecond,12:0.0}{Booked,8}{Full,8}{P50,9:0.00}{P99,9:0.00}{overbooked,12}"));
}

/// <param name="RushSlots">The opening-day rush spreads over this many slots with seats for every attempt.</param>
/// <param name="StormSlots">The last-seats storm: this many slots of a few seats, so most attempts find them full.</param>
/// <param name="WarmUp">Attempts on each path and in each mix before anything is measured, four times over.</param>
internal sealed record Options(string Web, string Postgres, int Clients, int Attempts, int RushSlots, int RushSeats, int StormSlots, int StormSeats, int WarmUp, TimeSpan TimeLimit)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback, int max) =>
            Value(name) is { } text ? Math.Clamp(int.Parse(text, CultureInfo.InvariantCulture), 1, max) : fallback;
        var attempts = Int("--attempts", 2000, 50_000);
        var rushSlots = Int("--slots", 200, 400);
        return new Options(
            Value("--web") ?? throw new ArgumentException("--web PATH/Allo.Web.dll is required (run.sh gives it)."),
            Value("--postgres") ?? throw new ArgumentException("--postgres CONNECTION-STRING is required (run.sh starts a server)."),
            Int("--clients", 64, 256),
            attempts,
            rushSlots,
            // Seats for every attempt of the rush, so all of them book.
            (attempts + rushSlots - 1) / rushSlots,
            Int("--storm-slots", 10, 400),
            Int("--storm-seats", 2, 50),
            Int("--warm-up", 500, 10_000),
            TimeSpan.FromMinutes(5));
    }
}
