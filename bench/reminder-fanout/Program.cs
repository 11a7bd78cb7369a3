// Reminder fan-out. N reminders, all due at once (the 18:00 case), go through the real path — the
// job node's outbox poller taking leased batches on PostgreSQL, MessageDispatcher, the Twilio SDK —
// to a fake Twilio on loopback, with pacing off. Three baselines run in the same process and the same
// run: Hangfire executing one no-op job per message on the same storage (what the old design paid
// before doing any work), a bare HttpClient loop posting the same texts to a fake Twilio with the same
// concurrency (the most any dispatcher could reach), and the same texts through our Twilio channel and
// the SDK with no outbox (what the SDK adds to the bare loop). The bare loop and the outbox then run
// once more with the fake answering after a few milliseconds, as a real provider does, where both are
// bound by the provider rather than by CPU. Loopback only; bounded in time.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Scheduler;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var count = int.Parse(Arg("--count") ?? "20000", CultureInfo.InvariantCulture);
// Hangfire's no-op rate settles within a few thousand jobs; more would only make the run long.
var noOps = Math.Min(count, int.Parse(Arg("--noop-jobs") ?? "5000", CultureInfo.InvariantCulture));
var server = Arg("--postgres") ?? throw new ArgumentException("--postgres CONNECTION-STRING is required (run.sh starts a server).");
var memoryLimitMiB = Arg("--max-memory-mib") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : (int?)null;
var limit = TimeSpan.FromMinutes(20);
// Twilio's API answers a message request in a few hundred milliseconds; the default is well under that.
var providerDelay = TimeSpan.FromMilliseconds(int.Parse(Arg("--provider-ms") ?? "20", CultureInfo.InvariantCulture));

var connection = await CreateDatabaseAsync(server, "allo_bench_fanout");
int postmaster;
await using (var probe = new NpgsqlConnection(connection))
{
    await probe.OpenAsync();
    postmaster = CpuMeter.PostmasterOf(Convert.ToInt32(await new NpgsqlCommand("SELECT pg_backend_pid()", probe).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
}
await using var twilio = await FakeTwilio.StartAsync(keepForms: false);
var settings = twilio.Settings();
settings["Database:Provider"] = "Postgres";
settings["ConnectionStrings:Allo"] = connection;
settings["Messaging:Pacing"] = "false";
// The job node's own defaults unless the run asks for other ones.
foreach (var (arg, key) in new[] { ("--lanes", "DispatchLanes"), ("--concurrency", "SendConcurrency"), ("--batch", "BatchSize") })
{
    if (Arg(arg) is { } value)
    {
        settings["Messaging:" + key] = value;
    }
}
settings["Smtp:Host"] = "127.0.0.1";
settings["Smtp:From"] = "bench@example.be";
var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings!).Build();

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddAlloScheduler(configuration, isProduction: true, runJobs: false);
var hangfireWorkers = 20;
builder.Services.AddHangfireServer(o => { o.WorkerCount = hangfireWorkers; o.Queues = ["default"]; o.SchedulePollingInterval = TimeSpan.FromSeconds(1); });
using var host = builder.Build();
await host.StartAsync();
var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
var messaging = host.Services.GetRequiredService<MessagingSettings>();
var inFlight = messaging.DispatchLanes * messaging.SendConcurrency;

Console.WriteLine($"reminder-fanout: {count} due reminders; poller {messaging.DispatchLanes} lanes × batches of {messaging.BatchSize}, {messaging.SendConcurrency} at the provider per lane; PostgreSQL");

// Baseline 1: Hangfire's own cost per job, with as many workers as the old design used.
var noOp = await RunAsync($"hangfire no-op job ×{noOps}", noOps, () =>
{
    for (var i = 0; i < noOps; i++)
    {
        jobs.Enqueue(() => NoOp.Run());
    }
    return Task.CompletedTask;
}, () => monitoring.SucceededListCount() >= noOps);
await host.Services.GetServices<IHostedService>().OfType<BackgroundJobServerHostedService>().Single().StopAsync(CancellationToken.None);
Memory("after the Hangfire no-op jobs");

// Baseline 2: the same texts posted straight to the same fake Twilio, as many at once as the poller has.
// Both paths are measured warm, as on a job node that has been running: a tenth of the run (at most
// 3,000) goes through each first, unmeasured, in three rounds each ending in a pause, so the JIT's
// tiering (quick, instrumented, then optimised code, each step after a few dozen calls and a pause;
// decision 0042) is over before either is measured.
const int WarmRounds = 3;
var perRound = Math.Min(count / 10, 3000) / WarmRounds;
var warmUp = perRound * WarmRounds;
// The bare loop takes a second or two where the outbox takes several, so one run of it is at the
// mercy of a busy moment of the machine: it runs twice here and once after the reminders, each to a
// fake of its own, and the ratio is taken to the median of the three.
var bareRuns = new List<(string Name, double PerSecond, double Seconds)>();
async Task BareRoundAsync(bool warm)
{
    await using var loopTwilio = await FakeTwilio.StartAsync(keepForms: false);
    if (warm)
    {
        await WarmAsync(_ => BareLoopAsync(loopTwilio, perRound, inFlight));
    }
    var before = loopTwilio.Accepted;
    bareRuns.Add(await RunAsync($"bare HttpClient loop #{bareRuns.Count + 1}", count, () => BareLoopAsync(loopTwilio, count, inFlight), () => loopTwilio.Accepted >= before + count));
}
await BareRoundAsync(warm: true);
await BareRoundAsync(warm: false);
Memory("after the bare loop");

// Baseline 3: the same texts through our Twilio channel and the Twilio SDK, with nothing around them
// (no outbox, no database), to a third fake: what the SDK costs of the gap to the bare loop.
var sdkTwilio = await FakeTwilio.StartAsync(keepForms: false);
var sdkChannel = new TwilioSmsChannel(new TwilioClientFactory(host.Services.GetRequiredService<TwilioClientFactory>().Settings with { ApiBaseUrl = sdkTwilio.BaseUrl }));
await WarmAsync(_ => SdkLoopAsync(sdkChannel, perRound, inFlight));
var sdk = await RunAsync("Twilio SDK loop", count, () => SdkLoopAsync(sdkChannel, count, inFlight), () => sdkTwilio.Accepted >= warmUp + count);
await sdkTwilio.DisposeAsync();
Memory("after the SDK loop");

// The real work: N due reminders in the outbox, drained by the job node's poller.
var references = new HashSet<string>();
var warming = Stopwatch.StartNew();
await WarmAsync(async round =>
{
    await SeedDueRemindersAsync(host.Services, count + (round * perRound), perRound, references);
    var warmPoller = ActivatorUtilities.CreateInstance<OutboxPoller>(host.Services);
    await warmPoller.StartAsync(CancellationToken.None);
    while (twilio.Accepted < (round + 1) * perRound && warming.Elapsed < limit)
    {
        await Task.Delay(20);
    }
    await warmPoller.StopAsync(CancellationToken.None);
});
await SeedDueRemindersAsync(host.Services, 0, count, references);
Memory("after seeding");
// The outbox is written by bookings over weeks on the web nodes, not by the job node at 18:00: what the
// seeding left is collected and the peak is reset, so the limit applies to the fan-out's own memory.
// The whole run's peak, seeding included, is printed beside it.
var runPeakMiB = PeakResidentMiB();
GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
var peakReset = ResetPeakResident();
Memory(peakReset ? "after collecting the seeding's garbage (peak reset)" : "after collecting the seeding's garbage (peak not resettable here: the fan-out's peak is the run's)");
var poller = ActivatorUtilities.CreateInstance<OutboxPoller>(host.Services);
var reminders = await RunAsync("reminders via outbox", count, () => poller.StartAsync(CancellationToken.None), () => twilio.Accepted >= warmUp + count);
await poller.StopAsync(CancellationToken.None);
Memory("after the reminders");

var peakMiB = PeakResidentMiB();
runPeakMiB = Math.Max(runPeakMiB, peakMiB);
await BareRoundAsync(warm: false);

// With the provider answering in some milliseconds, as Twilio does, both are bound by the provider's
// answers rather than by CPU: this shows whether the outbox keeps as many requests at the provider
// as the bare loop does (its round trips to the database between groups, a batch's last group).
var slowCount = Math.Min(count, 4000);
await using var slowLoopTwilio = await FakeTwilio.StartAsync(keepForms: false);
slowLoopTwilio.AnswerDelay = providerDelay;
var slowBare = await RunAsync($"bare loop, {providerDelay.TotalMilliseconds:0} ms answers", slowCount,
    () => BareLoopAsync(slowLoopTwilio, slowCount, inFlight), () => slowLoopTwilio.Accepted >= slowCount);
await SeedDueRemindersAsync(host.Services, count + warmUp, slowCount, references);
twilio.AnswerDelay = providerDelay;
var slowPoller = ActivatorUtilities.CreateInstance<OutboxPoller>(host.Services);
var slowReminders = await RunAsync($"outbox, {providerDelay.TotalMilliseconds:0} ms answers", slowCount,
    () => slowPoller.StartAsync(CancellationToken.None), () => twilio.Accepted >= warmUp + count + slowCount);
await slowPoller.StopAsync(CancellationToken.None);

await using var db = host.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<AlloDbContext>();
var sent = await db.OutboundMessages.CountAsync(m => m.Status == DeliveryStatus.Sent);
var countedDuplicates = await db.OutboundMessages.SumAsync(m => m.ProviderCalls - m.Attempts);
var duplicates = twilio.Accepted - twilio.Recipients;
var bare = bareRuns.OrderBy(r => r.PerSecond).ElementAt(1) with { Name = "bare loop, median of 3" };
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-28}{"per s",10}{"seconds",10}"));
foreach (var run in new[] { noOp }.Concat(bareRuns).Concat([bare, sdk, reminders, slowBare, slowReminders]))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name,-28}{run.PerSecond,10:0.0}{run.Seconds,10:0.0}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {sent}, duplicates {duplicates} (counted by the outbox: {countedDuplicates}), peak RSS of the fan-out {peakMiB} MiB (of the whole run, seeding included, {runPeakMiB} MiB)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio reminders / hangfire no-op jobs: {reminders.PerSecond / noOp.PerSecond:0.00}; reminders / bare HttpClient loop (median of 3): {reminders.PerSecond / bare.PerSecond:0.00}; reminders / Twilio SDK loop: {reminders.PerSecond / sdk.PerSecond:0.00}; with {providerDelay.TotalMilliseconds:0} ms provider answers, outbox / bare loop: {slowReminders.PerSecond / slowBare.PerSecond:0.00}"));
await host.StopAsync();
var ok = sent == warmUp + count + slowCount && duplicates == 0 && countedDuplicates == 0;
if (memoryLimitMiB is { } max && peakMiB >= max)
{
    Console.WriteLine($"FAILED: the fan-out's peak RSS {peakMiB} MiB is not under {max} MiB.");
    ok = false;
}
if (!ok)
{
    Console.WriteLine($"FAILED: expected {warmUp + count + slowCount} sent (with the warm-up and the slow-provider run), 0 duplicates.");
}
return ok ? 0 : 1;

// Each round of a warm-up ends in a pause, in which the runtime compiles the next tier of what ran.
static async Task WarmAsync(Func<int, Task> round)
{
    for (var i = 0; i < WarmRounds; i++)
    {
        await round(i);
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
}

async Task<(string Name, double PerSecond, double Seconds)> RunAsync(string name, int n, Func<Task> start, Func<bool> done)
{
    var cpu = CpuMeter.Read(postmaster);
    var clock = Stopwatch.StartNew();
    await start();
    while (!done())
    {
        if (monitoring.FailedCount() > 0)
        {
            throw new InvalidOperationException($"{name}: {monitoring.FailedCount()} jobs failed; see the log above.");
        }
        if (clock.Elapsed > limit)
        {
            throw new TimeoutException($"{name} did not finish within {limit}.");
        }
        await Task.Delay(20);
    }
    var elapsed = clock.Elapsed;
    // The fake Twilio runs in this process in every phase, so the difference between phases is the sender's own.
    Console.WriteLine($"  {name}: {(CpuMeter.Read(postmaster) - cpu).PerUnit(n, "message")}");
    return (name, n / elapsed.TotalSeconds, elapsed.TotalSeconds);
}

static async Task BareLoopAsync(FakeTwilio target, int n, int parallel)
{
    using var http = new HttpClient { BaseAddress = target.BaseUrl };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{FakeTwilio.AccountSid}:{FakeTwilio.AuthToken}")));
    await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["To"] = "+32471" + i.ToString("D6", CultureInfo.InvariantCulture),
            ["From"] = FakeTwilio.From,
            ["Body"] = "Herinnering: we bellen u morgen om 10:15 over uw belastingaangifte. Verzetten of annuleren: allo.example/beheer",
        });
        using var response = await http.PostAsync($"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json", form, ct);
        response.EnsureSuccessStatusCode();
    });
}

static async Task SdkLoopAsync(TwilioSmsChannel channel, int n, int parallel)
{
    var text = new RenderedMessage("Herinnering: we bellen u morgen om 10:15 over uw belastingaangifte. Verzetten of annuleren: allo.example/beheer");
    await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
    {
        var message = new OutboundMessage
        {
            Id = Guid.CreateVersion7(),
            Kind = MessageKind.ReminderDayBefore,
            Channel = Allo.Domain.Contact.Channel.Sms,
            Recipient = Allo.Domain.Contact.Recipient.Citizen,
            To = "+32471" + i.ToString("D6", CultureInfo.InvariantCulture),
            Language = Language.Nl,
            Style = Allo.Domain.Contact.MessageStyle.Standard,
        };
        await channel.SendAsync(message, text, ct);
    });
}

// Where the memory goes, phase by phase: resident now and at most so far, and the managed heap.
static void Memory(string phase)
{
    var status = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").ToList() : [];
    string Kib(string key) => status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is { } kib
        ? (long.Parse(kib, CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture) : "?";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  memory {phase}: RSS {Kib("VmRSS:")} MiB (peak {Kib("VmHWM:")} MiB), managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024)} MiB"));
}

// Linux: writing 5 to clear_refs sets the peak resident size (VmHWM) back to the current one.
static bool ResetPeakResident()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return true;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return false;
    }
}

static long PeakResidentMiB()
{
    // VmHWM: the most resident memory this process ever had (Linux); the working-set peak elsewhere.
    if (File.Exists("/proc/self/status"))
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is not null)
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
    }
    Process.GetCurrentProcess().Refresh();
    return Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
}

// Phone numbers from first on: the warm-up's are after the run's, so every citizen is texted once.
static async Task SeedDueRemindersAsync(IServiceProvider services, int first, int count, HashSet<string> references)
{
    // Bookings written directly (the booking path has its own benchmark), each with one reminder due now.
    var calendar = services.GetRequiredService<Allo.Domain.Slots.SlotCalendar>();
    var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
    var starts = calendar.BookableSlots(now, calendar.Today(now), 30).Select(s => s.Start).ToList();
    // References are short and random; at this count two can meet (the booking service retries), so
    // every seeding of the run draws from one set.
    BookingReference NewReference()
    {
        BookingReference reference;
        while (!references.Add((reference = BookingReference.New()).Value))
        {
        }
        return reference;
    }
    // A few hundred per unit of work: a thousand bookings and their messages tracked at once, and the
    // one command that inserts them, were the run's peak resident memory, not the dispatching it measures.
    const int Chunk = 200;
    for (var offset = first; offset < first + count; offset += Chunk)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
        for (var i = offset; i < Math.Min(first + count, offset + Chunk); i++)
        {
            PhoneNumber.TryParse("+32471" + i.ToString("D6", CultureInfo.InvariantCulture), out var phone);
            var booking = Booking.Book(calendar, starts[i % starts.Count], now, phone!, Language.Nl, null, null, Needs.None,
                BookingService.PlanFor(Language.Nl, phone!.Kind, false, Needs.None), NewReference(), "hash");
            db.Bookings.Add(booking);
            db.OutboundMessages.Add(new OutboundMessage
            {
                Id = Guid.CreateVersion7(),
                BookingId = booking.Id,
                BookingSequence = booking.Sequence,
                Kind = MessageKind.ReminderDayBefore,
                Channel = Allo.Domain.Contact.Channel.Sms,
                Recipient = Allo.Domain.Contact.Recipient.Citizen,
                To = booking.PhoneE164,
                Language = Language.Nl,
                Style = Allo.Domain.Contact.MessageStyle.Standard,
                DueAt = now,
                NextAttemptAt = now,
                Status = DeliveryStatus.Queued,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync();
        if ((offset - first) % (50 * Chunk) == 0)
        {
            // What each unit of work leaves behind survives into the older generations, which a run of
            // a hundred thousand otherwise let grow past the dispatcher's own peak: collected here, so
            // the peak measured stays the dispatching's.
            GC.Collect();
        }
    }
}

static async Task<string> CreateDatabaseAsync(string server, string name)
{
    await using (var admin = new NpgsqlConnection(server))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
    }
    var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ToString();
    var options = new DbContextOptionsBuilder<PostgresAlloDbContext>();
    DatabaseRegistration.ConfigurePostgres(options, connectionString);
    await using var db = new PostgresAlloDbContext(options.Options);
    await DatabaseStartup.MigrateAsync(db);
    return connectionString;
}

/// <summary>The baseline job: Hangfire's own work and nothing else.</summary>
public static class NoOp
{
    public static void Run()
    {
    }
}
