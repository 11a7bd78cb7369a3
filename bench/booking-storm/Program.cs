// Booking storm. Measures the HTTP booking API on PostgreSQL under many concurrent clients and
// compares it with the bare SQL seat claim on the same server in the same run, so the ratio
// means something on a shared, noisy machine. Loopback only; bounded in count and time.
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
var server = new NpgsqlConnectionStringBuilder(options.Postgres);
var apiDb = await CreateDatabaseAsync("allo_bench_api");
var sqlDb = await CreateDatabaseAsync("allo_bench_sql");

using var web = await WebProcess.StartAsync(options.Web, apiDb);
using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.ConnectionClose = false;

var slots = (await http.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?days=21"))!
    .Select(s => s.GetProperty("start").GetString()!)
    .Take(options.Slots)
    .ToArray();
if (slots.Length < options.Slots)
{
    throw new InvalidOperationException($"Only {slots.Length} bookable slots; ask for fewer with --slots.");
}

Console.WriteLine($"booking-storm: {options.Attempts} booking attempts by {options.Clients} concurrent clients over {slots.Length} slots of {options.Seats} seats ({slots.Length * options.Seats} seats in all)");

// Warm both paths so neither pays for JIT or pool start-up in the measurement.
await RunAsync("warm-up", 50, i => BareSqlClaimAsync(sqlDb, slots[i % slots.Length], 900_000 + i));
await RunAsync("warm-up", 50, i => ApiBookAsync(slots[i % slots.Length], 900_000 + i));
await ResetAsync(sqlDb);
await ResetAsync(apiDb);

var sql = await RunAsync("bare SQL seat claim", options.Attempts, i => BareSqlClaimAsync(sqlDb, slots[i % slots.Length], i));
var api = await RunAsync("HTTP API booking", options.Attempts, i => ApiBookAsync(slots[i % slots.Length], i));

var sqlOver = await OverbookingsAsync(sqlDb);
var apiOver = await OverbookingsAsync(apiDb);
Console.WriteLine();
Console.WriteLine($"{"",-22}{"attempts/s",12}{"booked",8}{"full",8}{"p50 ms",9}{"p99 ms",9}{"overbooked",12}");
sql.Print(sqlOver);
api.Print(apiOver);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio HTTP API / bare SQL throughput: {api.PerSecond / sql.PerSecond:0.000} (p50 latency ratio {api.P50 / Math.Max(sql.P50, 0.001):0.0}x)"));
var expectedBooked = Math.Min(options.Attempts, slots.Length * options.Seats);
if (apiOver + sqlOver > 0 || api.Booked != expectedBooked || sql.Booked != expectedBooked)
{
    Console.WriteLine($"FAILED: expected {expectedBooked} bookings and 0 overbookings on both paths.");
    return 1;
}
return 0;

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
    var builder = new DbContextOptionsBuilder<PostgresAlloDbContext>();
    DatabaseRegistration.ConfigurePostgres(builder, connectionString);
    await using var db = new PostgresAlloDbContext(builder.Options);
    await DatabaseStartup.MigrateAsync(db);
    await db.Capacity.ExecuteUpdateAsync(s => s.SetProperty(c => c.Agents, options.Seats));
    // The seats the database enforces, as the web node writes them at start-up.
    await new Allo.Scheduler.Bookings.SeatLedger(db, new Allo.Domain.Slots.SlotCalendar(Allo.Domain.Slots.OpeningHours.Default, Allo.Domain.Slots.SlotCalendar.Brussels), NodaTime.SystemClock.Instance).RefreshAsync();
    return connectionString;
}

async Task ResetAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await new NpgsqlCommand("DELETE FROM \"SeatClaims\"; DELETE FROM \"Bookings\";", connection).ExecuteNonQueryAsync();
}

async Task<long> OverbookingsAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    // Seats claimed beyond the slot's seats (and beyond the seats asked for), plus active bookings without a seat (or with two).
    await using var command = new NpgsqlCommand(
        $"""
        SELECT COALESCE(SUM(GREATEST(c.n - LEAST(COALESCE(s."Seats", 0), {options.Seats}), 0)), 0)::bigint
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

internal sealed record Result(string Name, double PerSecond, int Booked, int Full, double P50, double P99)
{
    public void Print(long overbooked) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Name,-22}{PerSecond,12:0.0}{Booked,8}{Full,8}{P50,9:0.00}{P99,9:0.00}{overbooked,12}"));
}

internal sealed record Options(string Web, string Postgres, int Clients, int Attempts, int Slots, int Seats, TimeSpan TimeLimit)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback, int max) =>
            Value(name) is { } text ? Math.Clamp(int.Parse(text, CultureInfo.InvariantCulture), 1, max) : fallback;
        return new Options(
            Value("--web") ?? throw new ArgumentException("--web PATH/Allo.Web.dll is required (run.sh gives it)."),
            Value("--postgres") ?? throw new ArgumentException("--postgres CONNECTION-STRING is required (run.sh starts a server)."),
            Int("--clients", 32, 256),
            Int("--attempts", 2000, 50_000),
            Int("--slots", 200, 400),
            Int("--seats", 3, 50),
            TimeSpan.FromMinutes(5));
    }
}

/// <summary>The real service as its own process on a loopback port, stopped when the benchmark ends.</summary>
internal sealed class WebProcess : IDisposable
{
    private readonly Process _process;

    private WebProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<WebProcess> StartAsync(string webDll, string connectionString)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [webDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Allo"] = connectionString;
        start.Environment["RateLimit__PermitsPerMinute"] = "10000000";
        // Confirmations and reminders are written to the outbox and "sent" to the dev outbox: no provider here.
        start.Environment["Messaging__DevOutbox"] = "true";
        start.Environment["Allo__PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
        start.Environment["Operator__Name"] = "Allo benchmark";
        start.Environment["Operator__Address"] = "127.0.0.1";
        start.Environment["Operator__DataProtectionContact"] = "dpo@allo.example";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var web = new WebProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = web.BaseAddress };
        for (var i = 0; i < 120; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Allo.Web stopped: {await errors}");
            }
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return web;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        web.Dispose();
        throw new TimeoutException("Allo.Web did not become ready within a minute.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
