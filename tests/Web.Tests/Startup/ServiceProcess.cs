using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Allo.Web.Tests.Startup;

/// <summary>
/// The real executable, started the way an operator starts it (its own process, settings in environment
/// variables), with everything it writes to stdout and stderr kept line by line.
/// </summary>
internal sealed partial class ServiceProcess : IDisposable
{
    /// <summary>A limit for a service that hangs, not a timing assertion: wide enough for a machine whose cores are all busy.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => _process = process;

    /// <summary>Stdout and stderr, in the order they arrived.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Stderr alone: where the one sentence about a bad setting goes.</summary>
    public string Errors => string.Join("\n", _errors).Trim();

    /// <summary>
    /// Starts Allo.Web in <paramref name="environment"/> (null: none chosen) on a free port, from the
    /// temporary folder. The settings are exactly the given ones plus the appsettings files beside the executable.
    /// </summary>
    public static ServiceProcess Start(string? environment, params (string Key, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Allo.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // Only what the test gives: nothing of the test runner's own environment choice or database.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        if (environment is not null)
        {
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        }
        start.Environment["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var service = new ServiceProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        service._process.OutputDataReceived += (_, e) => service.Received(e.Data, error: false);
        service._process.ErrorDataReceived += (_, e) => service.Received(e.Data, error: true);
        service._process.Exited += (_, _) => service._listening.TrySetException(
            new Xunit.Sdk.XunitException($"The service stopped instead of listening:\n{string.Join("\n", service._output)}"));
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for the service to stop by itself (a bad setting), and gives its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The service kept running instead of stopping:\n{string.Join("\n", _output)}");
        }
        return _process.ExitCode;
    }

    /// <summary>Waits until the service says where it listens, and gives that address.</summary>
    public async Task<Uri> ListeningAsync() => await _listening.Task.WaitAsync(Limit);

    /// <summary>Stops the service as an operator or an orchestrator does (SIGTERM) and waits for it to finish.</summary>
    public async Task StopAsync()
    {
        Assert.Equal(0, Kill(_process.Id, Terminate));
        Assert.Equal(0, await ExitCodeAsync());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void Received(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (error)
        {
            _errors.Enqueue(line);
        }
        if (ListeningPattern().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private const int Terminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
