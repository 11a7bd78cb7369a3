using System.Diagnostics;
using System.Globalization;

/// <summary>
/// CPU time used so far by this process and by one PostgreSQL server on this machine (its postmaster,
/// what that has collected from backends that have ended, and its live children; another server on
/// the same machine, a test suite's say, is not counted). CPU time
/// per unit of work is what the machine's other load hardly moves, unlike the rate, so it shows where
/// the cost of a path lies even on a shared machine. Linux only; elsewhere the server reads as zero.
/// </summary>
internal readonly record struct CpuMeter(TimeSpan Own, TimeSpan Database)
{
    // USER_HZ: the unit of /proc/[pid]/stat's times; 100 on every Linux the project runs on.
    private const double TicksPerSecond = 100;

    /// <param name="postmaster">The server's first process: the parent of any of its backends (<see cref="PostmasterOf"/>).</param>
    public static CpuMeter Read(int postmaster)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuMeter(self.TotalProcessorTime, DatabaseTime(postmaster));
    }

    /// <summary>The postmaster of a backend (from <c>SELECT pg_backend_pid()</c>); 0 where /proc is missing.</summary>
    public static int PostmasterOf(int backend) => Stat(backend) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : 0;

    public static CpuMeter operator -(CpuMeter after, CpuMeter before) => new(after.Own - before.Own, after.Database - before.Database);

    public string PerUnit(int units, string unit) => string.Create(CultureInfo.InvariantCulture,
        $"CPU per {unit}: this process {Own.TotalMilliseconds / units:0.000} ms, PostgreSQL {Database.TotalMilliseconds / units:0.000} ms");

    private static TimeSpan DatabaseTime(int postmaster)
    {
        if (postmaster == 0 || !Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Stat(pid) is not { } fields)
            {
                continue;
            }
            var own = pid == postmaster;
            if (!own && fields[1] != postmaster.ToString(CultureInfo.InvariantCulture))
            {
                continue;
            }
            // utime, stime (fields 14, 15 of the line) and, for the postmaster, cutime, cstime (16, 17):
            // a child's are its own while it lives and its parent's once it has ended.
            for (var i = 11; i <= (own ? 14 : 12); i++)
            {
                ticks += double.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The fields of /proc/[pid]/stat after the command name (state first, then ppid); null once it has ended.</summary>
    private static string[]? Stat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // pid (comm) state ppid …: the name may hold spaces and parentheses, so fields are counted after its last ')'.
        var close = stat.LastIndexOf(')');
        return close < 0 ? null : stat[(close + 2)..].Split(' ');
    }
}
