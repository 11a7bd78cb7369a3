using System.Diagnostics;
using System.Net;

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

    /// <summary>CPU time the web process has used so far: per request, a figure the machine's other load hardly moves.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The web process's peak resident memory so far, in MiB (VmHWM; 0 where /proc is missing).</summary>
    public double PeakRssMiB => Memory.PeakRssMiB(_process.Id);

    /// <param name="provider">Postgres or Sqlite, as Database:Provider takes it.</param>
    /// <param name="settings">More settings, as environment variables (<c>Jobs__Storage</c>).</param>
    public static async Task<WebProcess> StartAsync(string webDll, string provider, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [webDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = provider;
        start.Environment["ConnectionStrings__Allo"] = connectionString;
        start.Environment["RateLimit__PermitsPerMinute"] = "10000000";
        // Confirmations and reminders are written to the outbox and "sent" to the dev outbox: no provider here.
        start.Environment["Messaging__DevOutbox"] = "true";
        start.Environment["Allo__PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
        start.Environment["Operator__Name"] = "Allo benchmark";
        start.Environment["Operator__Address"] = "127.0.0.1";
        start.Environment["Operator__DataProtectionContact"] = "dpo@allo.example";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // A web node, as a national roll-out runs them: the job nodes that send the confirmations
        // are other machines, so they do not share these two cores with the requests measured.
        start.Environment["Allo__Roles"] = "web";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
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

/// <summary>Peak resident memory as Linux reports it.</summary>
internal static class Memory
{
    public static double PeakRssMiB(int pid) => ReadHwmKiB($"/proc/{pid}/status") / 1024.0;

    public static double OwnPeakRssMiB() => ReadHwmKiB("/proc/self/status") / 1024.0;

    private static long ReadHwmKiB(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
