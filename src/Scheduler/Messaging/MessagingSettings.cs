using System.Globalization;
using Allo.Scheduler.Options;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Allo.Scheduler.Messaging;

public sealed record TwilioSettings(string AccountSid, string AuthToken, string From, string CallerId, Uri PublicBaseUrl, Uri? ApiBaseUrl)
{
    /// <summary>How long to wait for Twilio before the attempt counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
}

public sealed record SmtpSettings(string Host, int Port, string From, string? UserName, string? Password, bool StartTls);

/// <summary>When messages go out, how fast, through which providers, and how long personal data is kept.</summary>
public sealed record MessagingSettings
{
    public LocalTime DayBeforeAt { get; init; } = new(18, 0);
    public Duration HourBefore { get; init; } = Duration.FromHours(1);
    public Duration HeadsUpBefore { get; init; } = Duration.FromMinutes(5);
    public int MaxAttempts { get; init; } = 5;
    public double SmsPerSecond { get; init; } = 10;
    public double CallsPerSecond { get; init; } = 1;
    /// <summary>False turns pacing off (benchmarks against a fake provider only).</summary>
    public bool Pacing { get; init; } = true;
    /// <summary>The number citizens see when we call and that the heads-up names.</summary>
    public string ServiceNumber { get; init; } = "+32 2 572 57 57";
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
        var devOutboxText = m["DevOutbox"];
        bool devOutbox;
        if (string.IsNullOrWhiteSpace(devOutboxText))
        {
            devOutbox = !isProduction;
        }
        else if (!bool.TryParse(devOutboxText, out devOutbox))
        {
            throw new ConfigurationProblem($"Messaging:DevOutbox is '{devOutboxText}'; set Messaging__DevOutbox to true or false.");
        }
        var publicBaseUrl = ReadUri(configuration.GetSection("Allo"), "PublicBaseUrl") ?? twilio?.PublicBaseUrl;
        var settings = new MessagingSettings
        {
            PublicBaseUrl = publicBaseUrl ?? new Uri("http://localhost:5080/"),
            ContactEmail = string.IsNullOrWhiteSpace(configuration["Allo:ContactEmail"]) ? null : configuration["Allo:ContactEmail"]!.Trim(),
            DayBeforeAt = ReadTime(m, "DayBeforeAt", new LocalTime(18, 0)),
            HourBefore = Duration.FromMinutes(ReadNumber(m, "HourBeforeMinutes", 60, 5, 24 * 60)),
            HeadsUpBefore = Duration.FromMinutes(ReadNumber(m, "HeadsUpMinutes", 5, 1, 60)),
            MaxAttempts = (int)ReadNumber(m, "MaxAttempts", 5, 1, 20),
            SmsPerSecond = ReadNumber(m, "SmsPerSecond", 10, 0.1, 1000),
            CallsPerSecond = ReadNumber(m, "CallsPerSecond", 1, 0.1, 100),
            Pacing = ReadBool(m, "Pacing", true),
            ServiceNumber = string.IsNullOrWhiteSpace(m["ServiceNumber"]) ? "+32 2 572 57 57" : m["ServiceNumber"]!.Trim(),
            RetentionDays = (int)ReadNumber(m, "RetentionDays", 30, 1, 3650),
            Twilio = twilio,
            Smtp = smtp,
            DevOutbox = devOutbox,
        };
        // Checked last, so that a mistyped number above is reported for what it is.
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
        if (given.Count == 0)
        {
            return null;
        }
        var missing = keys.Except(given).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationProblem($"Twilio is partly configured; also set {string.Join(", ", missing.Select(k => "Twilio__" + k))}.");
        }
        return new TwilioSettings(
            t["AccountSid"]!, t["AuthToken"]!, t["From"]!, string.IsNullOrWhiteSpace(t["CallerId"]) ? t["From"]! : t["CallerId"]!,
            ReadUri(t, "PublicBaseUrl")!, ReadUri(t, "ApiBaseUrl"))
        {
            Timeout = TimeSpan.FromSeconds(ReadNumber(t, "TimeoutSeconds", 15, 1, 120)),
        };
    }

    private static SmtpSettings? ReadSmtp(IConfigurationSection s)
    {
        if (string.IsNullOrWhiteSpace(s["Host"]))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(s["From"]))
        {
            throw new ConfigurationProblem("Smtp:Host is set but not the sender; set Smtp__From to the address emails come from.");
        }
        return new SmtpSettings(s["Host"]!, (int)ReadNumber(s, "Port", 587, 1, 65535), s["From"]!, s["UserName"], s["Password"], ReadBool(s, "StartTls", true));
    }

    private static Uri? ReadUri(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ConfigurationProblem($"{section.Path}:{key} is '{text}'; set {section.Path}__{key} to an absolute http(s) address.");
    }

    private static double ReadNumber(IConfigurationSection section, string key, double fallback, double min, double max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationProblem($"{section.Path}:{key} is '{text}'; set {section.Path}__{key} to a number from {min} to {max}.");
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return bool.TryParse(text, out var value)
            ? value
            : throw new ConfigurationProblem($"{section.Path}:{key} is '{text}'; set {section.Path}__{key} to true or false.");
    }

    private static LocalTime ReadTime(IConfigurationSection section, string key, LocalTime fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        var parsed = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text.Trim());
        return parsed.Success
            ? parsed.Value
            : throw new ConfigurationProblem($"{section.Path}:{key} is '{text}'; set {section.Path}__{key} to a time like 18:00.");
    }
}
