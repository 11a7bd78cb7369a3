using Allo.TestSupport;
using Npgsql;

namespace Allo.Web.Tests.Startup;

/// <summary>
/// Starts the real executable in Production with a bad setting: it must stop at once with exit code 1
/// and one sentence naming the environment variable to set, and print nothing else.
/// </summary>
public sealed class BadConfigurationTests
{
    /// <summary>A Production start that would otherwise run: each case then spoils one setting.</summary>
    private static Dictionary<string, string> Runnable() => new()
    {
        ["Allo__PublicBaseUrl"] = "https://allo.example.be/",
        ["Messaging__DevOutbox"] = "true",
        ["Operator__Name"] = "FOD Financiën",
        ["Operator__Address"] = "Koning Albert II-laan 33, 1030 Brussel",
        ["Operator__DataProtectionContact"] = "dpo@minfin.example",
        // Never the default data/allo.db of the shared temporary folder, in case a case does start.
        ["ConnectionStrings__Allo"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"allo-bad-{Guid.NewGuid():N}", "allo.db")}",
    };

    private const string Twilio = "Twilio__AccountSid=AC0123456789abcdef0123456789abcdef|Twilio__AuthToken=secret|Twilio__From=+3225725757|Twilio__PublicBaseUrl=https://allo.example.be/";
    private const string Smtp = "Smtp__Host=mail.example.be|Smtp__From=allo@example.be";
    private const string Relay = "Relay__Number=+3225725757|Relay__From=09:00|Relay__To=17:00|Relay__MaxCallMinutes=30";
    private const string Oidc = "Oidc__Authority=https://login.example.be/|Oidc__ClientId=allo|Oidc__ClientSecret=secret|Oidc__ManagerRole=allo-manager|Oidc__AgentRole=allo-agent";

    private static async Task<(int ExitCode, string Error, IReadOnlyList<string> Output)> StartAsync(IEnumerable<(string Key, string Value)> settings)
    {
        var environment = Runnable();
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        using var service = ServiceProcess.Start("Production", [.. environment.Select(e => (e.Key, e.Value))]);
        var exitCode = await service.ExitCodeAsync();
        return (exitCode, service.Errors, service.Output);
    }

    private static void AssertOneSentence(int exitCode, string error, IReadOnlyList<string> output, string named)
    {
        Assert.Equal(1, exitCode);
        Assert.Contains(named, error);
        Assert.DoesNotContain("\n", error);
        Assert.DoesNotContain("   at ", error);
        Assert.EndsWith(".", error);
        Assert.Equal(new[] { error }, output);
    }

    /// <summary>Every setting the code reads, each with a value it cannot use; "K=V|K=V" sets several, an empty value unsets one.</summary>
    [Theory]
    [InlineData("Database__Provider=Oracle", "Database__Provider")]
    [InlineData("Database__Provider=1", "Database__Provider")]
    [InlineData("Database__MigrateOnStartup=sometimes", "Database__MigrateOnStartup")]
    [InlineData("ConnectionStrings__Allo=Data Source=", "ConnectionStrings__Allo")]
    [InlineData("Database__Provider=Postgres|ConnectionStrings__Allo=Database=allo", "ConnectionStrings__Allo")]
    [InlineData("ASPNETCORE_URLS=lots", "ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_URLS=http://127.0.0.1:0;http://localhost:port", "ASPNETCORE_URLS")]
    [InlineData("Allo__Roles=everything", "Allo__Roles")]
    [InlineData("Allo__DemoData=maybe", "Allo__DemoData")]
    [InlineData("Allo__DemoData=true", "Allo__DemoData")]
    [InlineData("Allo__PublicBaseUrl=allo.example.be", "Allo__PublicBaseUrl")]
    [InlineData("Allo__PublicBaseUrl=", "Allo__PublicBaseUrl")]
    [InlineData("Allo__ContactEmail=help at allo", "Allo__ContactEmail")]
    [InlineData("Operator__Name=", "Operator__Name")]
    [InlineData("Operator__DataProtectionContact=the DPO", "Operator__DataProtectionContact")]
    [InlineData("Booking__Windows__0=Mondays 9-12", "Booking__Windows__0")]
    [InlineData("Booking__SlotMinutes=0", "Booking__SlotMinutes")]
    [InlineData("Booking__HorizonDays=many", "Booking__HorizonDays")]
    [InlineData("Booking__MinimumNoticeMinutes=-5", "Booking__MinimumNoticeMinutes")]
    [InlineData("RateLimit__PermitsPerMinute=lots", "RateLimit__PermitsPerMinute")]
    [InlineData("RateLimit__PermitsPerMinute=0", "RateLimit__PermitsPerMinute")]
    [InlineData("RateLimit__WindowSeconds=a minute", "RateLimit__WindowSeconds")]
    [InlineData("RateLimit__LookupPermitsPerMinute=0", "RateLimit__LookupPermitsPerMinute")]
    [InlineData("Jobs__Storage=Redis", "Jobs__Storage")]
    [InlineData("ForwardedHeaders__KnownProxies=10.0.0.5,10.0.0", "ForwardedHeaders__KnownProxies")]
    [InlineData("ForwardedHeaders__KnownNetworks=10.0.0.0/33", "ForwardedHeaders__KnownNetworks")]
    [InlineData("Twilio__AccountSid=AC123", "Twilio__AuthToken")]
    [InlineData("Twilio__AccountSid=AC123|Twilio__AuthToken=secret|Twilio__From=+3225725757|Twilio__PublicBaseUrl=https://allo.example.be/", "Twilio__AccountSid")]
    [InlineData(Twilio + "|Twilio__PublicBaseUrl=allo", "Twilio__PublicBaseUrl")]
    [InlineData(Twilio + "|Twilio__ApiBaseUrl=ftp://twilio.example", "Twilio__ApiBaseUrl")]
    [InlineData(Twilio + "|Twilio__TimeoutSeconds=soon", "Twilio__TimeoutSeconds")]
    [InlineData("Smtp__Host=mail.example.be", "Smtp__From")]
    [InlineData(Smtp + "|Smtp__From=allo at example", "Smtp__From")]
    [InlineData(Smtp + "|Smtp__Port=70000", "Smtp__Port")]
    [InlineData(Smtp + "|Smtp__StartTls=maybe", "Smtp__StartTls")]
    [InlineData("Messaging__DevOutbox=perhaps", "Messaging__DevOutbox")]
    [InlineData("Messaging__DevOutbox=", "Messaging__DevOutbox")]
    [InlineData("Messaging__DevOutbox=false|" + Twilio, "Smtp__Host")]
    [InlineData("Messaging__SmsPerSecond=fast", "Messaging__SmsPerSecond")]
    [InlineData("Messaging__CallsPerSecond=0", "Messaging__CallsPerSecond")]
    [InlineData("Messaging__Senders=several", "Messaging__Senders")]
    [InlineData(Twilio + "|Messaging__Senders=3", "Twilio__MessagingServiceSid")]
    [InlineData(Twilio + "|Twilio__MessagingServiceSid=MG123", "Twilio__MessagingServiceSid")]
    [InlineData("Messaging__DayBeforeAt=6pm", "Messaging__DayBeforeAt")]
    [InlineData("Messaging__HourBeforeMinutes=1", "Messaging__HourBeforeMinutes")]
    [InlineData("Messaging__HeadsUpMinutes=600", "Messaging__HeadsUpMinutes")]
    [InlineData("Messaging__MaxAttempts=2.5", "Messaging__MaxAttempts")]
    [InlineData("Messaging__RetentionDays=forever", "Messaging__RetentionDays")]
    [InlineData("AccessLog__RetentionDays=0", "AccessLog__RetentionDays")]
    [InlineData("AccessLog__RetentionDays=a year", "AccessLog__RetentionDays")]
    [InlineData("Messaging__Pacing=off", "Messaging__Pacing")]
    [InlineData("Staff__SecondFactorForAgents=sometimes", "Staff__SecondFactorForAgents")]
    [InlineData("Staff__IdleMinutes=2", "Staff__IdleMinutes")]
    [InlineData("Staff__IdleMinutes=half an hour", "Staff__IdleMinutes")]
    [InlineData("Calls__Tries=9", "Calls__Tries")]
    [InlineData("Calls__RetryAfterMinutes=0", "Calls__RetryAfterMinutes")]
    [InlineData("Calls__ClaimMinutes=lots", "Calls__ClaimMinutes")]
    [InlineData("Oidc__Authority=https://login.example.be/", "Oidc__ClientId")]
    [InlineData("Oidc__DisplayName=FOD Financiën", "Oidc__Authority")]
    [InlineData(Oidc + "|Oidc__Authority=http://login.example.be/", "Oidc__Authority")]
    [InlineData(Oidc + "|Oidc__Authority=login.example.be", "Oidc__Authority")]
    [InlineData(Oidc + "|Oidc__AgentRole=allo-manager", "Oidc__AgentRole")]
    [InlineData(Oidc + "|Oidc__LocalAccounts=sometimes", "Oidc__LocalAccounts")]
    [InlineData(Oidc + "|Oidc__EmailsAreVerified=yes", "Oidc__EmailsAreVerified")]
    [InlineData(Oidc + "|Oidc__DisplayName=The Federal Public Service Finance of the Kingdom of Belgium, Brussels", "Oidc__DisplayName")]
    [InlineData("Relay__Number=+3225725757", "Relay__From")]
    [InlineData(Relay + "|Relay__Number=call the relay", "Relay__Number")]
    [InlineData(Relay + "|Relay__From=9am", "Relay__From")]
    [InlineData(Relay + "|Relay__To=09:00", "Relay__To")]
    [InlineData(Relay + "|Relay__MaxCallMinutes=lots", "Relay__MaxCallMinutes")]
    [InlineData(Relay + "|Relay__MaxCallMinutes=10", "Relay__MaxCallMinutes")]
    [InlineData("Calls__Routing=Loose", "Calls__Routing")]
    [InlineData("Calls__Routing=1", "Calls__Routing")]
    [InlineData("Calls__EndOfDay=Tomorrow", "Calls__EndOfDay")]
    [InlineData("Calls__EndOfDay=2", "Calls__EndOfDay")]
    [InlineData("DataProtection__CertificatePath=/nonexistent/allo.pfx", "DataProtection__CertificatePath")]
    [InlineData("DataProtection__CertificatePassword=secret", "DataProtection__CertificatePath")]
    [InlineData("DataProtection__CertificateThumbprint=00AA11BB", "DataProtection__CertificateThumbprint")]
    public async Task A_bad_setting_stops_start_up_with_one_sentence_naming_it_and_nothing_else(string settings, string named)
    {
        var pairs = settings.Split('|').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1]));
        var (exitCode, error, output) = await StartAsync(pairs);
        AssertOneSentence(exitCode, error, output, named);
    }

    [Fact]
    public async Task A_certificate_file_with_the_wrong_password_stops_start_up_with_one_sentence()
    {
        using var certificate = TestCertificate.Create();
        var (exitCode, error, output) = await StartAsync([
            ("DataProtection__CertificatePath", certificate.Path),
            ("DataProtection__CertificatePassword", "not-the-password"),
        ]);
        AssertOneSentence(exitCode, error, output, "DataProtection__CertificatePassword");
    }

    [Fact]
    public async Task An_unreachable_postgres_stops_start_up_with_only_its_sentence()
    {
        // Hangfire's PostgreSQL storage (the default on PostgreSQL) and the key ring would both try the
        // database too; the check comes before either, so they add nothing to the output.
        var (exitCode, error, output) = await StartAsync([
            ("Database__Provider", "Postgres"),
            ("ConnectionStrings__Allo", "Host=127.0.0.1;Port=1;Database=allo;Username=allo"),
        ]);
        AssertOneSentence(exitCode, error, output, "ConnectionStrings__Allo");
        Assert.Contains("could not be reached", error);
    }

    [Fact]
    public async Task A_postgres_database_that_does_not_exist_stops_start_up_and_is_not_created()
    {
        var name = $"allo_typo_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = name }.ToString();
        var (exitCode, error, output) = await StartAsync([("Database__Provider", "Postgres"), ("ConnectionStrings__Allo", connection)]);
        AssertOneSentence(exitCode, error, output, "ConnectionStrings__Allo");
        Assert.Contains($"'{name}' does not exist", error);

        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }
}
