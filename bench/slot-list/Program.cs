// Slot list. Measures GET /api/v1/slots?days=21 on the default host (SQLite) one request at a time,
// against the bare SQL read of the same seat rows (each slot's seats and its claims counted) on the
// same database file in the same run. The API's time is measured at the client over loopback, so it
// is an upper bound of the server's time. Checks that every slot listed has the seats the rows say.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

var options = Options.Parse(args);
var folder = Directory.CreateTempSubdirectory("allo-slot-list-");
try
{
    var file = Path.Combine(folder.FullName, "allo.db");
    using var web = await WebProcess.StartAsync(options.Web, "Sqlite", $"Data Source={file}");
    using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    // Some slots full, some with seats taken, as on a working day.
    var slots = (await http.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?days=21"))!.Select(s => s.GetProperty("start").GetString()!).ToArray();
    var full = slots.Take(options.FullSlots).ToHashSet();
    var phone = 0;
    foreach (var slot in slots.Take(options.FullSlots * 3))
    {
        var seats = full.Contains(slot) ? 4 : 1;
        for (var i = 0; i < seats; i++)
        {
            using var booked = await http.PostAsJsonAsync("/api/v1/bookings", new { slotStart = slot, phone = $"+32471{phone++:D6}", language = "nl" });
            if (booked.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Booking {slot} answered {(int)booked.StatusCode}: {await booked.Content.ReadAsStringAsync()}");
            }
        }
    }

    await using var sql = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
    await sql.OpenAsync();
    var from = DateTime.UtcNow;
    var to = from.AddDays(24);

    // Warm both paths: JIT, pools, the page cache. The runtime compiles a method again, optimised,
    // only after a few dozen calls and a pause: a short warm-up measured the unoptimised first seconds.
    for (var round = 0; round < 2; round++)
    {
        for (var i = 0; i < options.WarmUp; i++)
        {
            await ApiAsync();
            await SeatRowsAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
    var cpuBefore = web.CpuTime;
    var api = await MeasureAsync(options.Requests, async () => await ApiAsync());
    // The server's own time per request, which the machine's other load hardly moves (client time does).
    var cpuPerRequest = (web.CpuTime - cpuBefore).TotalMilliseconds / options.Requests;
    var bare = await MeasureAsync(options.Requests, async () => await SeatRowsAsync());

    var listed = await ApiAsync();
    var rows = await SeatRowsAsync();
    var wrong = listed.Count(s => !rows.TryGetValue(s.Start, out var row) || row.Seats - row.Taken != s.SeatsLeft);
    var fullListed = listed.Count(s => full.Any(f => DateTimeOffset.Parse(f, CultureInfo.InvariantCulture).UtcDateTime == s.Start));

    Console.WriteLine($"slot-list: GET /api/v1/slots?days=21 on SQLite, {options.Requests} requests one at a time, {listed.Length} slots listed, {phone} bookings");
    Console.WriteLine($"  {"",-34}{"per s",9}{"p50 ms",9}{"p99 ms",9}");
    api.Print("HTTP API slot list (client time)");
    bare.Print("bare SQL read of the seat rows");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  web process CPU per request: {cpuPerRequest:0.00} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak RSS: web process {web.PeakRssMiB:0} MiB, benchmark {Memory.OwnPeakRssMiB():0} MiB; target p50 <= 5 ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio slot list: HTTP API / bare SQL read of the same seats {bare.P50 / api.P50:0.000} (API p50 {api.P50:0.00} ms, p99 {api.P99:0.00} ms, web CPU {cpuPerRequest:0.00} ms/request)"));
    if (listed.Length == 0 || wrong > 0 || fullListed > 0)
    {
        Console.WriteLine($"FAILED: {listed.Length} slots listed, {wrong} with seats the rows do not give, {fullListed} full slots listed.");
        return 1;
    }
    return 0;

    async Task<ListedSlot[]> ApiAsync()
    {
        var body = (await http.GetFromJsonAsync<JsonElement[]>("/api/v1/slots?days=21"))!;
        return body.Select(s => new ListedSlot(
            DateTimeOffset.Parse(s.GetProperty("start").GetString()!, CultureInfo.InvariantCulture).UtcDateTime,
            s.GetProperty("seatsLeft").GetInt32())).ToArray();
    }

    async Task<Dictionary<DateTime, (int Seats, int Taken)>> SeatRowsAsync()
    {
        await using var command = new SqliteCommand(
            """
            SELECT s."SlotStart", s."Seats", (SELECT COUNT(*) FROM "SeatClaims" c WHERE c."SlotStart" = s."SlotStart")
            FROM "SlotSeats" s WHERE s."SlotStart" >= @from AND s."SlotStart" < @to
            """, sql);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var found = new Dictionary<DateTime, (int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)] = (reader.GetInt32(1), reader.GetInt32(2));
        }
        return found;
    }
}
finally
{
    folder.Delete(recursive: true);
}

static async Task<Timing> MeasureAsync(int count, Func<Task> run)
{
    var latencies = new double[count];
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    clock.Stop();
    Array.Sort(latencies);
    return new Timing(count / clock.Elapsed.TotalSeconds, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))]);
}

internal sealed record ListedSlot(DateTime Start, int SeatsLeft);

internal sealed record Timing(double PerSecond, double P50, double P99)
{
    public void Print(string name) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34}{PerSecond,9:0.0}{P50,9:0.00}{P99,9:0.00}"));
}

internal sealed record Options(string Web, int Requests, int FullSlots, int WarmUp)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback, int max) =>
            Value(name) is { } text ? Math.Clamp(int.Parse(text, CultureInfo.InvariantCulture), 1, max) : fallback;
        return new Options(
            Value("--web") ?? throw new ArgumentException("--web PATH/Allo.Web.dll is required (run.sh gives it)."),
            Int("--requests", 500, 100_000),
            Int("--full-slots", 20, 100),
            Int("--warm-up", 200, 10_000));
    }
}
