namespace Allo.Web.Infrastructure;

/// <summary>
/// Which environment a start without one chosen runs in. <c>dotnet run</c> applies the launch profile's
/// variables over the shell's, so a profile that set ASPNETCORE_ENVIRONMENT=Development turned an
/// operator's <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c> into Development, demo accounts and
/// all. The profile sets ALLO_DEFAULT_ENVIRONMENT instead, which counts only when neither
/// ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT nor --environment chose one.
/// </summary>
public static class LaunchEnvironment
{
    public const string DefaultVariable = "ALLO_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args)
    {
        var chosen = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.EnvironmentKey];
        var fallback = Environment.GetEnvironmentVariable(DefaultVariable);
        return new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = string.IsNullOrWhiteSpace(chosen) && !string.IsNullOrWhiteSpace(fallback) ? fallback.Trim() : null,
        };
    }
}
