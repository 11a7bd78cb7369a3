using System.Diagnostics;

namespace Allo.Web.Tests.Startup;

/// <summary>Starts the real executable with a bad setting: it must stop at once with one sentence saying what to set.</summary>
public sealed class BadConfigurationTests
{
    private static async Task<(int ExitCode, string Error)> StartAsync(params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Allo.Web.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        // A limit for a service that never stops, not a timing assertion: each case takes a second or two.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("The service kept running with a bad setting instead of stopping.");
        }
        return (process.ExitCode, (await error).Trim());
    }

    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database__Provider")]
    [InlineData("ConnectionStrings__Allo", "Data Source=", "ConnectionStrings__Allo")]
    [InlineData("Booking__SlotMinutes", "0", "Booking__SlotMinutes")]
    [InlineData("Allo__Roles", "everything", "Allo__Roles")]
    [InlineData("Twilio__AccountSid", "AC123", "Twilio__AuthToken")]
    [InlineData("Messaging__SmsPerSecond", "fast", "Messaging__SmsPerSecond")]
    [InlineData("Messaging__DevOutbox", "true", "Allo__PublicBaseUrl")]
    [InlineData("Allo__PublicBaseUrl", "allo.example.be", "Allo__PublicBaseUrl")]
    [InlineData("ForwardedHeaders__KnownProxies", "10.0.0.5,10.0.0", "ForwardedHeaders__KnownProxies")]
    public async Task A_bad_setting_stops_start_up_with_one_sentence_naming_it(string key, string value, string named)
    {
        var (exitCode, error) = await StartAsync((key, value));
        Assert.Equal(1, exitCode);
        Assert.Contains(named, error);
        Assert.DoesNotContain("\n", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task An_unreachable_postgres_stops_start_up_with_one_sentence()
    {
        // Hangfire's PostgreSQL storage sets up its schema when first resolved and keeps trying for
        // about 30 s before the database check gets its turn; the outbox, not Hangfire, is what this
        // case is about, so keep Hangfire in memory and leave only the check with its short timeout.
        var (exitCode, error) = await StartAsync(
            ("Database__Provider", "Postgres"),
            ("Jobs__Storage", "Memory"),
            ("Messaging__DevOutbox", "true"),
            ("Allo__PublicBaseUrl", "https://allo.example.be"),
            ("ConnectionStrings__Allo", "Host=127.0.0.1;Port=1;Database=allo;Username=allo;Timeout=3"));
        Assert.Equal(1, exitCode);
        Assert.Contains("ConnectionStrings__Allo", error);
        Assert.DoesNotContain("\n", error);
    }
}
