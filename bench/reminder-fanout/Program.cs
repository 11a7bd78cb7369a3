// Reminder fan-out. N reminders, all due, go through the real path — Hangfire on PostgreSQL, the
// outbox dispatcher, the Twilio SDK — to a fake Twilio on loopback, with pacing off. The baseline is
// Hangfire running the same number of no-op jobs on the same storage in the same run, so the ratio
// says what our work per message costs on top of the job system. Loopback only; bounded in time.
using System.Diagnostics;
using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Slots;
using Allo.Scheduler;
using Allo.Scheduler.Bookings;
using Allo.Scheduler.Messaging;
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
var workers = int.Parse(Arg("--workers") ?? "20", CultureInfo.InvariantCulture);
var server = Arg("--postgres") ?? throw new ArgumentException("--postgres CONNECTION-STRING is required (run.sh starts a server).");
var limit = TimeSpan.FromMinutes(15);

var connection = await CreateDatabaseAsync(server, "allo_bench_fanout");
await using var twilio = await FakeTwilio.StartAsync();
var settings = twilio.Settings();
settings["Database:Provider"] = "Postgres";
settings["ConnectionStrings:Allo"] = connection;
settings["Messaging:Pacing"] = "false";
settings["Smtp:Host"] = "127.0.0.1";
settings["Smtp:From"] = "bench@example.be";
var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings!).Build();

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddAlloScheduler(configuration, isProduction: true, runJobs: false);
builder.Services.AddHangfireServer(o => { o.WorkerCount = workers; o.Queues = [OutboxJobs.Queue, "default"]; o.SchedulePollingInterval = TimeSpan.FromSeconds(1); });
using var host = builder.Build();
await host.StartAsync();
var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

Console.WriteLine($"reminder-fanout: {count} jobs each way, {workers} Hangfire workers, PostgreSQL storage");

// Baseline: Hangfire's own cost per job.
var baseline = await RunAsync("no-op jobs", () =>
{
    for (var i = 0; i < count; i++)
    {
        jobs.Enqueue(() => NoOp.Run());
    }
}, () => monitoring.SucceededListCount() >= count);

// The real work: write N due reminders, then one dispatch job each.
var ids = await SeedDueRemindersAsync(host.Services, count);
var before = monitoring.SucceededListCount();
Process.GetCurrentProcess().Refresh();
var reminders = await RunAsync("reminders to Twilio", () =>
{
    foreach (var id in ids)
    {
        jobs.Enqueue<OutboxJobs>(j => j.DispatchAsync(id, CancellationToken.None));
    }
}, () => twilio.Messages.Count >= count);

await using (var db = host.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<AlloDbContext>())
{
    var sent = await db.OutboundMessages.CountAsync(m => m.Status == DeliveryStatus.Sent);
    var duplicates = twilio.Messages.Count - twilio.Messages.Select(m => m.Form["To"]).Distinct().Count();
    Process.GetCurrentProcess().Refresh();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-22}{"jobs/s",10}{"seconds",10}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"no-op jobs",-22}{baseline.PerSecond,10:0.0}{baseline.Seconds,10:0.0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"reminders to Twilio",-22}{reminders.PerSecond,10:0.0}{reminders.Seconds,10:0.0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {sent}, duplicates {duplicates}, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio reminders / no-op jobs throughput: {reminders.PerSecond / baseline.PerSecond:0.000}"));
    await host.StopAsync();
    return sent == count && duplicates == 0 ? 0 : 1;
}

async Task<(double PerSecond, double Seconds)> RunAsync(string name, Action enqueue, Func<bool> done)
{
    var clock = Stopwatch.StartNew();
    enqueue();
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
        await Task.Delay(100);
    }
    return (count / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds);
}

static async Task<List<Guid>> SeedDueRemindersAsync(IServiceProvider services, int count)
{
    // Bookings written directly (the booking path has its own benchmark), each with one reminder due now.
    var calendar = services.GetRequiredService<SlotCalendar>();
    var clock = NodaTime.SystemClock.Instance;
    var now = clock.GetCurrentInstant();
    var starts = calendar.BookableSlots(now, calendar.Today(now), 30).Select(s => s.Start).ToList();
    var ids = new List<Guid>(count);
    for (var offset = 0; offset < count; offset += 1000)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlloDbContext>();
        for (var i = offset; i < Math.Min(count, offset + 1000); i++)
        {
            PhoneNumber.TryParse("+32471" + i.ToString("D6", CultureInfo.InvariantCulture), out var phone);
            var booking = Booking.Book(calendar, starts[i % starts.Count], now, phone!, Language.Nl, null, null, Needs.None,
                BookingService.PlanFor(Language.Nl, phone!.Kind, false, Needs.None), BookingReference.New(), "hash");
            db.Bookings.Add(booking);
            var reminder = new OutboundMessage
            {
                Id = Guid.CreateVersion7(),
                BookingId = booking.Id,
                BookingSequence = booking.Sequence,
                Kind = MessageKind.ReminderHourBefore,
                Channel = Allo.Domain.Contact.Channel.Sms,
                Recipient = Allo.Domain.Contact.Recipient.Citizen,
                To = booking.PhoneE164,
                Language = Language.Nl,
                Style = Allo.Domain.Contact.MessageStyle.Standard,
                DueAt = now,
                NextAttemptAt = now,
                Status = DeliveryStatus.Queued,
                CreatedAt = now,
            };
            db.OutboundMessages.Add(reminder);
            ids.Add(reminder.Id);
        }
        await db.SaveChangesAsync();
    }
    return ids;
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
