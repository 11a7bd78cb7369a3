// Managers' figures at scale. A year of a national roll-out is written into a throwaway PostgreSQL
// with set-based SQL (generate_series): bookings spread evenly over every hour of 2026, clock changes
// included, ten messages each, feedback for the calls that helped, seats for every slot. Then
// Dashboard.FiguresAsync reads the year by day and by week, and bare GROUP BYs (PostgreSQL's own
// AT TIME ZONE, no sums per need) read the same rows in the same run: the baseline for the time and
// the independent answer every figure is checked against, day by day and week by week. Before the
// dashboard is timed, the rollups count the closed days' messages once (MessageRollup) and the frozen
// bookings once (BookingRollup: final and erased, as the retention job leaves all but the last weeks),
// and their times are shown.
using System.Diagnostics;
using System.Globalization;
using Allo.Domain;
using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Scheduler.Managers;
using Allo.Scheduler.Persistence;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var bookings = int.Parse(Arg("--bookings") ?? "1000000", CultureInfo.InvariantCulture);
var smoke = args.Contains("--smoke");
var server = Arg("--postgres") ?? throw new ArgumentException("--postgres CONNECTION-STRING is required (run.sh starts a server).");
var runs = smoke ? 1 : 3;
var limit = TimeSpan.FromSeconds(1);

var connection = await Seed.CreateDatabaseAsync(server, "allo_bench_dashboard");
var clock = Stopwatch.StartNew();
await NationalYear.SeedAsync(connection, bookings, Seed.Now);
var seeded = clock.Elapsed;
await using var data = new NpgsqlConnection(connection);
await data.OpenAsync();
var messages = Convert.ToInt64(await new NpgsqlCommand("SELECT count(*) FROM \"OutboundMessages\"", data).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"dashboard-figures: {bookings} bookings, {messages} messages seeded in {seeded.TotalSeconds:0} s; the year 2026, median of {runs} after a warm-up"));

var year = (From: new LocalDate(2026, 1, 1), To: new LocalDate(2026, 12, 31));
var now = Seed.Now;
var options = new DbContextOptionsBuilder<PostgresAlloDbContext>();
DatabaseRegistration.ConfigurePostgres(options, connection);

async Task<IReadOnlyList<PeriodFigures>> DashboardAsync(LocalDate from, LocalDate to, Grouping grouping)
{
    await using var db = new PostgresAlloDbContext(options.Options);
    return await new Dashboard(db, TestCalendar.Default, new FixedClock(now)).FiguresAsync(from, to, grouping);
}

// The nightly rollup counts every closed day's messages once (here the whole year: the clock is in 2027);
// the dashboard then reads those sums, and only the open days live.
var rollupClock = Stopwatch.StartNew();
int rolledDays;
await using (var db = new PostgresAlloDbContext(options.Options))
{
    rolledDays = await new MessageRollup(db, TestCalendar.Default, new FixedClock(now)).RollUpAsync(CancellationToken.None);
}
var rollupTime = rollupClock.Elapsed;
// And every frozen booking (final and erased) once: the dashboard counts live only the ones that may still change.
rollupClock.Restart();
int rolledBookings;
await using (var db = new PostgresAlloDbContext(options.Options))
{
    rolledBookings = await new BookingRollup(db, TestCalendar.Default, new FixedClock(now)).RollUpAsync(CancellationToken.None);
}
var bookingRollupTime = rollupClock.Elapsed;

var (byDay, dayTime) = await Timing.MedianAsync(runs, () => DashboardAsync(year.From, year.To, Grouping.Day));
var (byWeek, weekTime) = await Timing.MedianAsync(runs, () => DashboardAsync(year.From, year.To, Grouping.Week));
var (bare, bareTime) = await Timing.MedianAsync(runs, () => Baseline.DaysAsync(data, year.From, year.To));

// The weeks run from the Monday before the year to the Sunday after it: the baseline reads those days too.
var weekDays = await Baseline.DaysAsync(data, byWeek[0].Start, byWeek[^1].End);
var wrong = Baseline.Compare("day", byDay, p => bare.Where(d => d.Key == p.Start).Select(d => d.Value))
    .Concat(Baseline.Compare("week", byWeek, p => weekDays.Where(d => d.Key >= p.Start && d.Key <= p.End).Select(d => d.Value)))
    .ToList();
var madeInYear = bare.Values.Sum(v => v[0]);
if (madeInYear == 0 || bare.Values.Sum(v => v[Baseline.Sent]) == 0)
{
    wrong.Add("the baseline found no bookings or no messages in the year: the seed is broken");
}

Process.GetCurrentProcess().Refresh();
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-30}{"seconds",10}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"bare GROUP BY, by day",-30}{bareTime.TotalSeconds,10:0.000}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{$"rollup of {rolledDays} days, once",-30}{rollupTime.TotalSeconds,10:0.000}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{$"rollup of {rolledBookings} bookings, once",-30}{bookingRollupTime.TotalSeconds,10:0.000}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"dashboard, by day",-30}{dayTime.TotalSeconds,10:0.000}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"dashboard, by week",-30}{weekTime.TotalSeconds,10:0.000}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"bookings made in the year {madeInYear}, figures checked against the baseline: {byDay.Count} days, {byWeek.Count} weeks, {wrong.Count} wrong; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio dashboard / bare GROUP BY time: {dayTime / bareTime:0.00} (by week {weekTime / bareTime:0.00})"));
foreach (var line in wrong.Take(20))
{
    Console.WriteLine("WRONG " + line);
}
var tooSlow = !smoke && (dayTime >= limit || weekTime >= limit);
if (tooSlow)
{
    Console.WriteLine($"FAILED: the year must answer in under {limit.TotalSeconds:0} s, by day and by week.");
}
return wrong.Count == 0 && !tooSlow ? 0 : 1;

internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}

internal static class Timing
{
    public static async Task<(T Result, TimeSpan Median)> MedianAsync<T>(int runs, Func<Task<T>> run)
    {
        var result = await run();
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            result = await run();
            times.Add(clock.Elapsed);
        }
        return (result, times.Order().ElementAt(runs / 2));
    }
}
