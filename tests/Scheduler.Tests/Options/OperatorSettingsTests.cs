using Allo.Scheduler.Options;
using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Tests.Options;

public sealed class OperatorSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly (string, string)[] Complete =
    [
        ("Operator:Name", " FOD Financiën "),
        ("Operator:Address", "Koning Albert II-laan 33, 1030 Brussel"),
        ("Operator:DataProtectionContact", "dpo@minfin.example"),
    ];

    [Fact]
    public void Outside_production_nothing_set_names_the_made_up_demo_operator()
    {
        Assert.Equal(ServiceOperator.Demo, ServiceOperator.From(Config(), isProduction: false));
        Assert.Contains("not a real organisation", ServiceOperator.Demo.Name);
    }

    [Fact]
    public void All_three_settings_name_the_operator_trimmed_in_production()
    {
        Assert.Equal(new ServiceOperator("FOD Financiën", "Koning Albert II-laan 33, 1030 Brussel", "dpo@minfin.example"),
            ServiceOperator.From(Config(Complete), isProduction: true));
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void Production_without_them_or_a_partial_set_anywhere_stops_with_one_sentence_naming_the_three_variables(bool production, int given)
    {
        var e = Assert.Throws<ConfigurationProblem>(() => ServiceOperator.From(Config(Complete[..given]), production));
        Assert.Equal("The privacy notice must name who runs the service; set Operator__Name, Operator__Address and Operator__DataProtectionContact (the data protection officer's email address) together.", e.Message);
    }

    [Fact]
    public void A_contact_that_is_not_an_email_address_names_the_variable()
    {
        var e = Assert.Throws<ConfigurationProblem>(() => ServiceOperator.From(Config([.. Complete[..2], ("Operator:DataProtectionContact", "call us")]), true));
        Assert.Contains("Operator__DataProtectionContact", e.Message);
    }
}
