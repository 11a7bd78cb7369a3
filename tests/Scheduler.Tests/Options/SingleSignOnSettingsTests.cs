using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Tests.Options;

public sealed class SingleSignOnSettingsTests
{
    private static readonly (string, string)[] Complete =
    [
        ("Oidc:Authority", "https://login.example.be/realms/staff"),
        ("Oidc:ClientId", "allo"),
        ("Oidc:ClientSecret", "s3cret"),
        ("Oidc:ManagerRole", "allo-manager"),
        ("Oidc:AgentRole", "allo-agent"),
    ];

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void No_oidc_setting_means_single_sign_on_is_off()
    {
        Assert.Null(SingleSignOnSettings.From(Config(), isProduction: true));
    }

    [Fact]
    public void A_complete_configuration_defaults_to_the_roles_claim_the_authority_host_as_name_and_local_accounts_on()
    {
        var settings = SingleSignOnSettings.From(Config(Complete), isProduction: true)!;
        Assert.Equal(("roles", "login.example.be", true, false), (settings.RoleClaim, settings.DisplayName, settings.LocalAccounts, settings.EmailsAreVerified));
        Assert.DoesNotContain("s3cret", settings.ToString());
    }

    [Fact]
    public void The_manager_value_wins_over_the_agent_value_and_other_values_give_no_role()
    {
        var settings = SingleSignOnSettings.From(Config(Complete), isProduction: false)!;
        Assert.Equal(StaffRoles.Manager, settings.RoleFrom(["allo-agent", "allo-manager"]));
        Assert.Equal(StaffRoles.Agent, settings.RoleFrom(["staff", "allo-agent"]));
        Assert.Null(settings.RoleFrom(["Allo-Agent", "allo-viewer"]));
        Assert.Null(settings.RoleFrom([]));
    }

    [Fact]
    public void A_partial_configuration_names_every_missing_variable_in_one_sentence()
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => SingleSignOnSettings.From(Config(Complete[0], Complete[1]), isProduction: false));
        Assert.Equal("Single sign-on is configured only in part; set Oidc__ClientSecret and Oidc__ManagerRole and Oidc__AgentRole as well, or remove the Oidc settings.", problem.Message);
    }

    [Fact]
    public void An_http_authority_is_allowed_outside_production_only()
    {
        var http = Complete.Select(c => c.Item1 == "Oidc:Authority" ? (c.Item1, "http://127.0.0.1:5001/") : c).ToArray();
        Assert.Equal("http", SingleSignOnSettings.From(Config(http), isProduction: false)!.Authority.Scheme);
        Assert.Contains("Oidc__Authority", Assert.Throws<ConfigurationProblem>(() => SingleSignOnSettings.From(Config(http), isProduction: true)).Message);
    }
}
