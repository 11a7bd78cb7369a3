using Allo.Scheduler.Options;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Allo.Scheduler.Messaging;

public sealed record TwilioSettings(string AccountSid, string AuthToken, string From, string CallerId, Uri PublicBaseUrl, Uri? ApiBaseUrl)
{
    /// <summary>How long to wait for Twilio before the attempt counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A Messaging Service (MG…): texts go out from its sender pool instead of <see cref="From"/>, which
    /// calls still use (through <see cref="CallerId"/>).
    /// </summary>
    public string? MessagingServiceSid { get; init; }
}

public sealed record SmtpSettings(string Host, int Port, string From, string? UserName, string? Password, bool StartTls);

/// <summary>When messages go out, how fast, through which providers, and how long personal data is kept.</summary>
public sealed record MessagingSettings
{
    public LocalTime DayBeforeAt { get; init; } = new(18, 0);
    public Duration HourBefore { get; init; } = Duration.FromHours(1);
    public Duration HeadsUpBefore { get; init; } = Duration.FromMinutes(5);
    public int MaxAttempts { get; init; } = 5;
    /// <summary>Texts per second one sender may send (Twilio: 10 outside North America).</summary>
    public double SmsPerSecond { get; init; } = 10;
    /// <summary>The numbers in the Messaging Service's pool; each adds <see cref="SmsPerSecond"/>.</summary>
    public int Senders { get; init; } = 1;
    /// <summary>Calls per second for the whole account (Twilio: 1 by default).</summary>
    public double CallsPerSecond { get; init; } = 1;
    /// <summary>Due messages one dispatcher lane takes from the outbox at a time.</summary>
    public int BatchSize { get; init; } = 100;
    /// <summary>Messages of a batch at the provider at the same time (PostgreSQL; SQLite sends one at a time).</summary>
    public int SendConcurrency { get; init; } = 8;
    /// <summary>Lanes per job node that each take and send batches, so one slow batch does not hold the rest.</summary>
    public int DispatchLanes { get; init; } = 2;
    /// <summary>Texts per second for the whole cluster: every sender's rate together.</summary>
    public double SmsRate => SmsPerSecond * Senders;
    /// <summary>False turns pacing off (benchmarks against a fake provider only).</summary>
    public bool Pacing { get; init; } = true;
    /// <summary>The number citizens see when we call and that the heads-up names.</summary>
    public string ServiceNumber { get; init; } = "+32 2 572 57 57";
    /// <summary>
    /// The number the citizen's phone shows when an agent calls: Twilio:CallerId (which itself defaults to
    /// Twilio:From), or the service number when no telephony is configured. The heads-up names this one,
    /// so the call it announces comes from the number it said.
    /// </summary>
    public string CallingNumber => Twilio?.CallerId ?? ServiceNumber;
    public int RetentionDays { get; init; } = 30;
    /// <summary>The address citizens reach the service at, for links in messages (the feedback page, booking again).</summary>
    public Uri PublicBaseUrl { get; init; } = new("http://localhost:5080/");
    /// <summary>Allo:ContactEmail, where citizens can write for help; the calendar file's organizer when there is no email server.</summary>
    public string? ContactEmail { get; init; }
    public TwilioSettings? Twilio { get; init; }
    public SmtpSettings? Smtp { get; init; }
    /// <summary>Messages without a configured provider go to the dev outbox at /dev/outbox.</summary>
    public bool DevOutbox { get; init; }

    public static MessagingSettings From(IConfiguration configuration, bool isProduction)
    {
        var m = configuration.GetSection("Messaging");
        var twilio = ReadTwilio(configuration.GetSection("Twilio"));
        var smtp = ReadSmtp(configuration.GetSection("Smtp"));
        var devOutbox = SettingReader.Flag(m, "DevOutbox", !isProduction);
        var publicBaseUrl = SettingReader.Address(configuration.GetSection("Allo"), "PublicBaseUrl") ?? twilio?.PublicBaseUrl;
        var settings = new MessagingSettings
        {
            PublicBaseUrl = publicBaseUrl ?? new Uri("http://localhost:5080/"),
            DayBeforeAt = SettingReader.Time(m, "DayBeforeAt", new LocalTime(18, 0)),
            HourBefore = Duration.FromMinutes(SettingReader.Number(m, "HourBeforeMinutes", 60, 5, 24 * 60)),
            HeadsUpBefore = Duration.FromMinutes(SettingReader.Number(m, "HeadsUpMinutes", 5, 1, 60)),
            MaxAttempts = SettingReader.WholeNumber(m, "MaxAttempts", 5, 1, 20),
            SmsPerSecond = SettingReader.Number(m, "SmsPerSecond", 10, 0.1, 1000),
            Senders = SettingReader.WholeNumber(m, "Senders", 1, 1, 1000),
            CallsPerSecond = SettingReader.Number(m, "CallsPerSecond", 1, 0.1, 100),
            Pacing = SettingReader.Flag(m, "Pacing", true),
            BatchSize = SettingReader.WholeNumber(m, "BatchSize", 100, 1, 1000),
            SendConcurrency = SettingReader.WholeNumber(m, "SendConcurrency", 8, 1, 64),
            DispatchLanes = SettingReader.WholeNumber(m, "DispatchLanes", 2, 1, 16),
            ServiceNumber = string.IsNullOrWhiteSpace(m["ServiceNumber"]) ? "+32 2 572 57 57" : m["ServiceNumber"]!.Trim(),
            ContactEmail = SettingReader.EmailAddress(configuration.GetSection("Allo"), "ContactEmail"),
            RetentionDays = SettingReader.WholeNumber(m, "RetentionDays", 30, 1, 3650),
            Twilio = twilio,
            Smtp = smtp,
            DevOutbox = devOutbox,
        };
        // Checked last, so that a mistyped number above is reported for what it is.
        if (settings.Senders > 1 && twilio is { MessagingServiceSid: null })
        {
            throw new ConfigurationProblem($"Messaging:Senders is {settings.Senders}, but without a Messaging Service every text goes out from Twilio:From alone; set Twilio__MessagingServiceSid to the service whose sender pool holds those numbers, or Messaging__Senders=1.");
        }
        if (publicBaseUrl is null && isProduction)
        {
            throw new ConfigurationProblem("Allo:PublicBaseUrl is not set; set Allo__PublicBaseUrl to the address citizens use to reach the service, for example https://allo.example.be.");
        }
        if ((twilio is null || smtp is null) && !devOutbox)
        {
            throw new ConfigurationProblem(twilio is null
                ? "No text message provider is configured; set Twilio__AccountSid, Twilio__AuthToken, Twilio__From and Twilio__PublicBaseUrl, or Messaging__DevOutbox=true to keep messages in the dev outbox."
                : "No email server is configured; set Smtp__Host and Smtp__From, or Messaging__DevOutbox=true to keep emails in the dev outbox.");
        }
        return settings;
    }

    private static TwilioSettings? ReadTwilio(IConfigurationSection t)
    {
        string[] keys = ["AccountSid", "AuthToken", "From", "PublicBaseUrl"];
        var given = keys.Where(k => !string.IsNullOrWhiteSpace(t[k])).ToList();
        var serviceSid = string.IsNullOrWhiteSpace(t["MessagingServiceSid"]) ? null : t["MessagingServiceSid"]!.Trim();
        if (given.Count == 0 && serviceSid is null)
        {
            return null;
        }
        var missing = keys.Except(given).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationProblem($"Twilio is partly configured; also set {string.Join(", ", missing.Select(k => "Twilio__" + k))}.");
        }
        // The webhooks refuse every request whose AccountSid is not this one, so a mistyped value
        // would silently turn away every text; Twilio's account ids are AC and 32 hex digits.
        if (!System.Text.RegularExpressions.Regex.IsMatch(t["AccountSid"]!, "^AC[0-9a-f]{32}$"))
        {
            throw new ConfigurationProblem($"Twilio:AccountSid is not a Twilio account id; set Twilio__AccountSid to the AC followed by 32 hexadecimal digits shown in the Twilio console.");
        }
        // Twilio would refuse every text of a mistyped service, so it is caught here rather than as failed messages.
        if (serviceSid is not null && !System.Text.RegularExpressions.Regex.IsMatch(serviceSid, "^MG[0-9a-f]{32}$"))
        {
            throw new ConfigurationProblem("Twilio:MessagingServiceSid is not a Messaging Service id; set Twilio__MessagingServiceSid to the MG followed by 32 hexadecimal digits shown in the Twilio console, or leave it out to send from Twilio:From.");
        }
        return new TwilioSettings(
            t["AccountSid"]!, t["AuthToken"]!, t["From"]!, string.IsNullOrWhiteSpace(t["CallerId"]) ? t["From"]! : t["CallerId"]!,
            SettingReader.Address(t, "PublicBaseUrl")!, SettingReader.Address(t, "ApiBaseUrl"))
        {
            Timeout = TimeSpan.FromSeconds(SettingReader.Number(t, "TimeoutSeconds", 15, 1, 120)),
            MessagingServiceSid = serviceSid,
        };
    }

    private static SmtpSettings? ReadSmtp(IConfigurationSection s)
    {
        if (string.IsNullOrWhiteSpace(s["Host"]))
        {
            return null;
        }
        var from = SettingReader.EmailAddress(s, "From")
            ?? throw new ConfigurationProblem("Smtp:Host is set but not the sender; set Smtp__From to the address emails come from.");
        return new SmtpSettings(s["Host"]!.Trim(), SettingReader.WholeNumber(s, "Port", 587, 1, 65535), from, s["UserName"], s["Password"], SettingReader.Flag(s, "StartTls", true));
    }
}
