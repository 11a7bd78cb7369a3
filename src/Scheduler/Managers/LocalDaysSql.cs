using System.Data.Common;
using System.Globalization;
using NodaTime;

namespace Allo.Scheduler.Managers;

/// <summary>
/// Buckets instants into the service's local days inside SQL, so the database groups and only the
/// sums come back. A day is local midnight to local midnight: an instant's day is the UTC date of the
/// instant plus the zone's offset at that instant. The offsets come from NodaTime for the range (a
/// year of Brussels has three), written as a CASE on the transition instants, so both providers
/// agree with <c>instant.InZone(zone).Date</c> across daylight saving changes without relying on
/// the database's own time-zone data (SQLite has none).
/// </summary>
internal sealed class LocalDaysSql
{
    private const int SecondsPerDay = 86_400;
    private readonly bool postgres;
    private readonly long firstEpochDay;
    // The zone's offsets over the range, each with the instant it takes effect (the first from the start).
    private readonly List<(Instant From, Offset Offset)> offsets;

    public LocalDaysSql(DateTimeZone zone, LocalDate first, LocalDate last, bool postgres)
    {
        this.postgres = postgres;
        First = first;
        Last = last;
        firstEpochDay = Period.Between(new LocalDate(1970, 1, 1), first, PeriodUnits.Days).Days;
        Start = first.AtStartOfDayInZone(zone).ToInstant();
        End = last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        offsets = zone.GetZoneIntervals(Start, End)
            .Select(i => (From: i.HasStart && i.Start > Start ? i.Start : Start, Offset: i.WallOffset))
            .ToList();
    }

    public LocalDate First { get; }
    public LocalDate Last { get; }

    /// <summary>The first instant of the range (local midnight of the first day).</summary>
    public Instant Start { get; }
    /// <summary>The end of the range, excluded (local midnight after the last day).</summary>
    public Instant End { get; }

    /// <summary>A SQL integer: the local day of <paramref name="column"/>, counted from the range's first day (0).</summary>
    public string DayOf(string column)
    {
        var last = offsets[^1].Offset.Seconds;
        var offset = offsets.Count == 1
            ? $"{last}"
            : "CASE" + string.Concat(offsets.Skip(1).Select((o, i) => $" WHEN {column} < @zone{i + 1} THEN {offsets[i].Offset.Seconds}")) + $" ELSE {last} END";
        // Both sides are after 1970, so integer division is the floor.
        var seconds = postgres ? $"CAST(floor(date_part('epoch', {column})) AS bigint)" : $"CAST(strftime('%s', {column}) AS INTEGER)";
        return string.Create(CultureInfo.InvariantCulture, $"(({seconds} + {offset}) / {SecondsPerDay} - {firstEpochDay})");
    }

    /// <summary>Adds @start, @end and the transition instants <see cref="DayOf"/> refers to.</summary>
    public void AddParameters(DbCommand command)
    {
        Add(command, "start", Start);
        Add(command, "end", End);
        for (var i = 1; i < offsets.Count; i++)
        {
            Add(command, "zone" + i, offsets[i].From);
        }
    }

    /// <summary>An instant as the providers store it (see <see cref="Persistence.InstantConverter"/>).</summary>
    public static void Add(DbCommand command, string name, Instant value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value.ToDateTimeUtc();
        command.Parameters.Add(parameter);
    }
}
