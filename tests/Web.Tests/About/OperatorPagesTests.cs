using Allo.Scheduler.Options;
using Allo.TestSupport;

namespace Allo.Web.Tests.About;

/// <summary>The operator named by Operator:* is on every page's header, and is the data controller the privacy notice names.</summary>
public sealed class OperatorPagesTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800), new Dictionary<string, string>
        {
            ["Operator:Name"] = "FOD Financiën",
            ["Operator:Address"] = "Koning Albert II-laan 33, 1030 Brussel",
            ["Operator:DataProtectionContact"] = "dpo@minfin.example",
        });
        _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private async Task<FormClient> OpenAsync(string path)
    {
        var citizen = FormClient.For(_factory, "en-GB");
        await citizen.GetAsync(path);
        return citizen;
    }

    [Theory]
    [InlineData("/?lang=nl", "Een dienst van FOD Financiën")]
    [InlineData("/?lang=fr", "Un service de FOD Financiën")]
    [InlineData("/staff/sign-in?lang=de", "Ein Dienst von FOD Financiën")]
    [InlineData("/privacy?lang=en", "A service of FOD Financiën")]
    public async Task Every_page_header_names_the_operator_in_the_pages_language(string path, string said)
    {
        var page = await OpenAsync(path);
        Assert.Contains($"id=\"service-operator\">{said}<", page.Html.Replace("&#xEB;", "ë", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_privacy_notice_names_the_controller_its_address_the_data_protection_officer_and_the_authority_to_complain_to()
    {
        var page = await OpenAsync("/privacy?lang=en");
        Assert.Contains("FOD Financiën, Koning Albert II-laan 33, 1030 Brussel, runs this service and is responsible for your details (the data controller).", page.Text);
        Assert.Contains("Write to our data protection officer at dpo@minfin.example.", page.Text);
        Assert.Contains("Data Protection Authority, Rue de la Presse 35", page.Text);
        Assert.DoesNotContain("we will help you another way and fix the problem", page.Text);
    }

    [Fact]
    public async Task The_accessibility_statement_has_the_eu_model_statements_parts_in_french()
    {
        var page = await OpenAsync("/accessibility?lang=fr");
        foreach (var heading in new[] { "État de conformité", "Contenus non accessibles", "Établissement de cette déclaration", "Procédure de recours" })
        {
            Assert.Contains($">{heading}</h2>", page.Html.Replace("&#xC9;", "É", StringComparison.Ordinal).Replace("&#xE9;", "é", StringComparison.Ordinal));
        }
        Assert.Contains("partiellement conforme", page.Text);
        Assert.Contains("Cette déclaration a été établie le mercredi 2 décembre 2026.", page.Text);
        Assert.Contains("Médiateur fédéral", page.Text);
        Assert.Contains("géré par FOD Financiën", page.Text);
    }

    [Fact]
    public async Task Without_operator_settings_outside_production_the_header_says_the_demo_operator_is_not_real()
    {
        var demo = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));
        try
        {
            var citizen = FormClient.For(demo, "en-GB");
            await citizen.GetAsync("/?lang=en");
            Assert.Contains(ServiceOperator.Demo.Name, citizen.Text);
        }
        finally
        {
            await demo.DisposeWithDatabaseAsync();
        }
    }
}
