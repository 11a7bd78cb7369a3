using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Options;

/// <summary>
/// Who runs this installation (Operator:*): the data controller the privacy notice must name, and the
/// organisation the header names so that a citizen knows whom they are dealing with. Production has no
/// default, because a privacy notice that names nobody is untrue; elsewhere the demo names a made-up one.
/// </summary>
public sealed record ServiceOperator(string Name, string Address, string DataProtectionContact)
{
    public static readonly ServiceOperator Demo = new(
        "Allo demo administration (not a real organisation)", "Example Street 1, 1000 Brussels", "privacy@allo.example");

    public static ServiceOperator From(IConfiguration configuration, bool isProduction)
    {
        var section = configuration.GetSection("Operator");
        var name = section["Name"]?.Trim();
        var address = section["Address"]?.Trim();
        var contact = SettingReader.EmailAddress(section, "DataProtectionContact");
        var given = new[] { name, address, contact }.Count(v => !string.IsNullOrEmpty(v));
        if (given == 0 && !isProduction)
        {
            return Demo;
        }
        if (given < 3)
        {
            throw new ConfigurationProblem(
                "The privacy notice must name who runs the service; set Operator__Name, Operator__Address and Operator__DataProtectionContact (the data protection officer's email address) together.");
        }
        if (name!.Length > 120 || address!.Length > 200)
        {
            throw new ConfigurationProblem("Operator__Name is at most 120 characters and Operator__Address at most 200; give the organisation's usual name and postal address.");
        }
        return new ServiceOperator(name, address, contact!);
    }
}
