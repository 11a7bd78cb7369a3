using System.Diagnostics;

namespace Allo.TestSupport;

/// <summary>
/// The API contract's tools in tests/Contract (swagger-parser, ajv, openapi-typescript, tsc), installed
/// by ./test.sh with npm ci, run with node from a test.
/// </summary>
public static class ContractTools
{
    public static string Folder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Allo.slnx")))
        {
            folder = folder.Parent;
        }
        var contract = Path.Combine(folder!.FullName, "tests", "Contract");
        Xunit.Assert.True(Directory.Exists(Path.Combine(contract, "node_modules")), $"run `npm ci` in {contract} (./test.sh does)");
        return contract;
    }

    /// <summary>Runs node in <paramref name="folder"/>; its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> NodeAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // A bound, not a timing: a hung node must not hold the run.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await output + await errors);
    }
}
