using System.Net;
using System.Text.Json;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Npgsql;

namespace Allo.Web.Tests.Startup;

/// <summary>
/// Starts the real executable as an operator does and reads everything it writes: a fresh Production
/// start is quiet and safe, and a database that ever ran the demo never serves Production.
/// </summary>
public sealed class ProductionStartTests
{
    private static readonly HttpClient Http = new();

    /// <summary>
    /// The variables <c>dotnet run</c> takes from the launch profile, which replace the shell's own: the
    /// profile must not be able to turn an operator's Production into Development.
    /// </summary>
    private static (string Key, string Value)[] LaunchProfileVariables()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Allo.slnx")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("Allo.slnx not found above the test's folder.");
        }
        using var profile = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, "src", "Web", "Properties", "launchSettings.json")));
        return [.. profile.RootElement.GetProperty("profiles").GetProperty("Allo").GetProperty("environmentVariables").EnumerateObject()
            .Select(v => (v.Name, v.Value.GetString()!))];
    }

    private static (string Key, string Value)[] Production(string connectionString, DatabaseProvider provider) =>
    [
        .. LaunchProfileVariables(),
        ("Database__Provider", provider.ToString()),
        ("ConnectionStrings__Allo", connectionString),
        ("Allo__PublicBaseUrl", "https://allo.example.be/"),
        ("Messaging__DevOutbox", "true"),
        ("Operator__Name", "FOD Financiën"),
        ("Operator__Address", "Koning Albert II-laan 33, 1030 Brussel"),
        ("Operator__DataProtectionContact", "dpo@minfin.example"),
    ];

    /// <summary>No entry at error or critical level (the console logger writes them as fail: and crit:), no exception, no stack trace.</summary>
    private static void AssertNoErrorLine(IReadOnlyList<string> output)
    {
        Assert.DoesNotContain(output, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)
            || l.StartsWith("error", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(output, l => l.Contains("Exception", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    /// <summary>Starts in Production on a database that holds nothing yet, checks it while it runs, stops it, and gives its output.</summary>
    private static async Task<IReadOnlyList<string>> RunFreshAsync(string connectionString, DatabaseProvider provider)
    {
        using var service = ServiceProcess.Start("Production", Production(connectionString, provider));
        var address = await service.ListeningAsync();
        var ready = await Http.GetAsync(new Uri(address, "/health/ready"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        // The dev outbox and phone simulator show citizens' messages without sign-in: never in Production,
        // not even with messages kept in the dev outbox.
        foreach (var path in new[] { "/dev/outbox", "/dev/outbox.json", "/dev/phone" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(address, path))).StatusCode);
        }
        await service.StopAsync();
        Assert.Contains(service.Output, l => l.Contains("Hosting environment: Production", StringComparison.Ordinal));
        return service.Output;
    }

    [Fact]
    public async Task A_fresh_production_start_on_an_empty_folder_logs_no_error_warns_once_about_the_keys_and_serves_no_dev_pages()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"allo-fresh-{Guid.NewGuid():N}");
        try
        {
            var output = await RunFreshAsync($"Data Source={Path.Combine(folder, "data", "allo.db")}", DatabaseProvider.Sqlite);
            AssertNoErrorLine(output);
            var warning = Assert.Single(output.Select((line, i) => (line, i)), l => l.line.Contains("DataProtection__CertificatePath", StringComparison.Ordinal));
            Assert.StartsWith("warn:", output[warning.i - 1]);
            Assert.True(File.Exists(Path.Combine(folder, "data", "allo.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_fresh_production_start_on_an_empty_postgres_database_migrates_it_and_logs_no_error()
    {
        var name = $"allo_empty_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer);
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = name }.ToString();
            AssertNoErrorLine(await RunFreshAsync(connection, DatabaseProvider.Postgres));

            await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ToString());
            await db.OpenAsync();
            Assert.True((long)(await new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", db).ExecuteScalarAsync())! > 0);
        }
        finally
        {
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_database_that_ran_the_demo_under_dotnet_run_is_refused_in_production_with_one_sentence()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"allo-demo-{Guid.NewGuid():N}");
        var connectionString = $"Data Source={Path.Combine(folder, "allo.db")}";
        try
        {
            // What `dotnet run` does with no environment chosen: the launch profile's Development, demo data and accounts.
            using (var demo = ServiceProcess.Start(environment: null, [.. LaunchProfileVariables(), ("ConnectionStrings__Allo", connectionString)]))
            {
                await demo.ListeningAsync();
                await demo.StopAsync();
                Assert.Contains(demo.Output, l => l.Contains("Hosting environment: Development", StringComparison.Ordinal));
            }

            using var production = ServiceProcess.Start("Production", Production(connectionString, DatabaseProvider.Sqlite));
            Assert.Equal(1, await production.ExitCodeAsync());
            Assert.Contains("demo account", production.Errors);
            Assert.Contains("ConnectionStrings__Allo", production.Errors);
            Assert.Equal(new[] { production.Errors }, production.Output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
