using Allo.Scheduler;
using Allo.Scheduler.Options;
using Allo.Scheduler.Persistence;
using Allo.Web.Api;
using Allo.Web.Infrastructure;
using Allo.Web.Localization;
using Allo.Web.Pages.Agent;
using Allo.Web.Pages.Booking;
using Allo.Web.Pages.Dev;
using Allo.Web.Webhooks;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Localization;

try
{
    var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(args));
    var command = StaffCommand.Parse(args);
    var roles = ServiceRoles.From(builder.Configuration);
    ListenAddresses.Check(builder.Configuration);
    builder.Services.AddAlloForwardedHeaders(builder.Configuration, builder.Environment.IsProduction());

    builder.Services.AddAlloScheduler(builder.Configuration, builder.Environment.IsProduction(), runJobs: roles.Jobs);
    // The pages name the operator; the engine alone (a jobs node's benchmarks) needs no privacy notice.
    builder.Services.AddSingleton(Allo.Scheduler.Options.ServiceOperator.From(builder.Configuration, builder.Environment.IsProduction()));
    if (roles.Jobs)
    {
        builder.Services.AddHostedService<RecurringJobsStartup>();
    }
    builder.Services.AddSingleton<JsonStringLocalizer>();
    builder.Services.AddSingleton<IStringLocalizer>(sp => sp.GetRequiredService<JsonStringLocalizer>());
    builder.Services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
    builder.Services.AddSingleton<DraftStore>();
    builder.Services.AddStaffSignIn();
    var staffSignIn = Allo.Scheduler.Options.StaffSignInSettings.From(builder.Configuration);
    builder.Services.AddSecondFactor(staffSignIn);
    builder.Services.AddIdleSignOut(staffSignIn);
    builder.Services.AddSingleSignOn(builder.Configuration, builder.Environment.IsProduction());
    builder.Services.AddStaffPolicies();
    builder.Services.AddScoped<Allo.Web.Pages.Agent.AgentTime>();
    builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AuthorizeFolder("/Agent", StaffPolicies.Agents);
        o.Conventions.AuthorizeFolder("/Manager", StaffPolicies.Managers);
    });
    // Write é, ë and ß as themselves rather than as character references: pages stay readable and smaller.
    builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
        o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
    builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.Stamp);
    builder.Services.AddErrorResponses();
    builder.Services.AddAlloOpenApi();
    builder.Services.AddAlloRateLimiting(builder.Configuration);
    // Read before the host is built, so a wrong setting stops start-up before anything else happens.
    var apiRateLimit = ApiRateLimit.From(builder.Configuration, TimeProvider.System);
    builder.Services.AddHtmlCompression();
    builder.AddAlloStaticAssets();
    builder.Services.AddHealthChecks().AddDbContextCheck<AlloDbContext>("database", tags: ["ready"]);
    builder.Services.ConfigureHttpJsonOptions(o =>
    {
        o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
        o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    });

    var app = builder.Build();
    if (command is not null)
    {
        // A one-off administrative command (for example creating the first manager), not the service.
        return await command.RunAsync(app.Services);
    }
    await DatabaseStartupService.StartAsync(app.Services);

    app.UseAlloForwardedHeaders();
    app.UseSecurityHeaders();
    app.UseResponseCompression();
    app.UseErrorResponses();
    if (!app.Environment.IsDevelopment())
    {
        app.UseHsts();
    }
    app.UseRequestLocalization(CitizenCulture.Options());
    app.UseLanguageFromQuery();
    app.MapStaticAssets();
    app.UseRouting();
    app.UseAuthentication();
    app.UseSecondFactor();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.Use(apiRateLimit.InvokeAsync));

    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
    if (roles.Web)
    {
        app.MapOpenApi();
        app.MapBookingApi();
        app.MapTwilioWebhooks();
        app.MapDevOutbox();
        app.MapAgentCalendarFeed();
        app.MapRazorPages().WithStaticAssets();
        app.UseHangfireDashboard("/hangfire", new Hangfire.DashboardOptions
        {
            Authorization = [new ManagersOnly()],
            DashboardTitle = "Allo jobs",
            DisplayStorageConnectionString = false,
        });
    }

    await app.RunAsync();
    return 0;
}
catch (ConfigurationProblem problem)
{
    // One sentence an operator can act on, instead of a stack trace.
    Console.Error.WriteLine(problem.Message);
    return 1;
}

public partial class Program;
