using Allo.Scheduler.Options;
using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Privacy;

/// <summary>AccessLog:RetentionDays: how long the access log is kept (a year by default), then the retention job deletes it.</summary>
public sealed record AccessLogSettings
{
    public int RetentionDays { get; init; } = 365;

    public static AccessLogSettings From(IConfiguration configuration) => new()
    {
        RetentionDays = SettingReader.WholeNumber(configuration.GetSection("AccessLog"), "RetentionDays", 365, 1, 3650),
    };
}
