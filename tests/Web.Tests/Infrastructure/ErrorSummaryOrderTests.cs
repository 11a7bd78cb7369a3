using System.Text.RegularExpressions;
using Allo.Scheduler.Options;
using Allo.Scheduler.Staff;
using Allo.TestSupport;
using Allo.Web.Infrastructure;

namespace Allo.Web.Tests.Infrastructure;

/// <summary>The error summary lists errors in the order of their fields on the page, whatever order the page model added them in.</summary>
public sealed class ErrorSummaryOrderTests : IAsyncLifetime
{
    private AlloFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = new AlloFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), TestClock.At(TestClock.Tuesday0800));

    public async Task DisposeAsync() => await _factory.DisposeWithDatabaseAsync();

    private static List<string> SummaryLinks(string html) =>
        Regex.Matches(html, "<li><a href=\"#([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Reorder_sorts_the_summary_by_where_each_field_id_first_appears_and_puts_unknown_fields_last()
    {
        const string html = """
            <ul class="govuk-list govuk-error-summary__list">
            <li><a href="#ghost">No such field</a></li>
            <li><a href="#email">Email wrong</a></li>
            <li><a href="#name">Name missing</a></li>
            </ul>
            <input id="name"><input id="email">
            """;
        Assert.Equal(["name", "email", "ghost"], SummaryLinks(ErrorSummaryOrder.Reorder(html)));
    }

    [Fact]
    public void Reorder_leaves_a_page_without_a_summary_as_it_is()
    {
        const string html = "<main><input id=\"name\"></main>";
        Assert.Equal(html, ErrorSummaryOrder.Reorder(html));
    }

    [Fact]
    public async Task The_capacity_grid_lists_its_bad_cells_row_by_row_as_the_table_shows_them_though_the_page_checks_them_day_by_day()
    {
        var (manager, _) = await StaffBrowser.SignedInAsync(_factory, "boss@allo.example", StaffRoles.Manager);
        await manager.GetAsync("/manager/capacity");
        await manager.Form("save-week").Set(("agents-Monday-11", "many"), ("agents-Tuesday-10", "lots")).SubmitAsync();
        Assert.Equal(["agents-Tuesday-10", "agents-Monday-11"], SummaryLinks(manager.Html));
    }
}
