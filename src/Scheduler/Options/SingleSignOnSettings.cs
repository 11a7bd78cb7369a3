using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Options;

/// <summary>
/// OpenID Connect sign-in for staff against the organisation's identity provider (docs/decisions/0019).
/// All or none: without Oidc:Authority, Oidc:ClientId, Oidc:ClientSecret, Oidc:ManagerRole and
/// Oidc:AgentRole it is off and only local accounts sign in; some of them but not all stops start-up,
/// because a half-configured sign-in fails only when the first member of staff tries it.
/// </summary>
public sealed record SingleSignOnSettings(
    Uri Authority, string ClientId, string ClientSecret, string RoleClaim, string ManagerRole, string AgentRole,
    string DisplayName, bool LocalAccounts, bool EmailsAreVerified)
{
    private static readonly string[] Required = ["Authority", "ClientId", "ClientSecret", "ManagerRole", "AgentRole"];
    private static readonly string[] Optional = ["RoleClaim", "DisplayName", "LocalAccounts", "EmailsAreVerified"];

    /// <summary>Null when single sign-on is not configured.</summary>
    public static SingleSignOnSettings? From(IConfiguration configuration, bool isProduction)
    {
        var section = configuration.GetSection("Oidc");
        var given = Required.Where(k => !string.IsNullOrWhiteSpace(section[k])).ToList();
        if (given.Count == 0)
        {
            var stray = Optional.FirstOrDefault(k => !string.IsNullOrWhiteSpace(section[k]));
            return stray is null
                ? null
                : throw new ConfigurationProblem(
                    $"Oidc:{stray} is set but single sign-on is not configured; set {Variable(section, "Authority")}, {Variable(section, "ClientId")}, {Variable(section, "ClientSecret")}, {Variable(section, "ManagerRole")} and {Variable(section, "AgentRole")}, or remove {Variable(section, stray)}.");
        }
        var missing = Required.Except(given).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationProblem(
                $"Single sign-on is configured only in part; set {string.Join(" and ", missing.Select(k => Variable(section, k)))} as well, or remove the Oidc settings.");
        }
        var authority = SettingReader.Address(section, "Authority")!;
        if (isProduction && authority.Scheme != Uri.UriSchemeHttps)
        {
            throw new ConfigurationProblem(
                $"Oidc:Authority is '{authority}'; set {Variable(section, "Authority")} to the identity provider's https address, since Production sends sign-ins only over https.");
        }
        var manager = section["ManagerRole"]!.Trim();
        var agent = section["AgentRole"]!.Trim();
        if (string.Equals(manager, agent, StringComparison.Ordinal))
        {
            throw new ConfigurationProblem(
                $"Oidc:ManagerRole and Oidc:AgentRole are both '{manager}'; set {Variable(section, "AgentRole")} to the role claim's value for agents, which must differ from the managers'.");
        }
        var display = section["DisplayName"]?.Trim();
        if (display is { Length: > 60 })
        {
            throw new ConfigurationProblem(
                $"Oidc:DisplayName is {display.Length} characters long; set {Variable(section, "DisplayName")} to the organisation's short name (at most 60 characters), as the sign-in button shows it.");
        }
        return new SingleSignOnSettings(
            authority,
            section["ClientId"]!.Trim(),
            section["ClientSecret"]!,
            string.IsNullOrWhiteSpace(section["RoleClaim"]) ? "roles" : section["RoleClaim"]!.Trim(),
            manager,
            agent,
            string.IsNullOrEmpty(display) ? authority.Host : display,
            SettingReader.Flag(section, "LocalAccounts", true),
            SettingReader.Flag(section, "EmailsAreVerified", false));
    }

    /// <summary>The Allo role the role claim's values give: Manager wins over Agent; null when neither is among them.</summary>
    public string? RoleFrom(IEnumerable<string> values)
    {
        var list = values.Select(v => v.Trim()).ToList();
        return list.Contains(ManagerRole, StringComparer.Ordinal) ? Staff.StaffRoles.Manager
            : list.Contains(AgentRole, StringComparer.Ordinal) ? Staff.StaffRoles.Agent
            : null;
    }

    /// <summary>Never the client secret: settings end up in logs and exception messages.</summary>
    public override string ToString() => $"SingleSignOnSettings {{ Authority = {Authority}, ClientId = {ClientId}, RoleClaim = {RoleClaim} }}";

    private static string Variable(IConfigurationSection section, string key) => SettingReader.Variable(section, key);
}
