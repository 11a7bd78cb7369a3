using Allo.Scheduler.Options;
using Allo.Web.Infrastructure;

namespace Allo.Web.Tests.Infrastructure;

public sealed class StaffCommandTests
{
    [Fact]
    public void Create_manager_without_languages_makes_a_manager_who_takes_no_calls_yet()
    {
        Assert.Equal(new StaffCommand("ann@example.be", "Ann Peeters"), StaffCommand.Parse(["create-manager", "ann@example.be", "Ann Peeters"]));
    }

    [Fact]
    public void Create_manager_with_languages_keeps_them_as_codes_in_the_order_given()
    {
        Assert.Equal("fr,nl", StaffCommand.Parse(["create-manager", "ann@example.be", "Ann Peeters", "FR, nl"])!.Languages);
    }

    [Fact]
    public void Create_manager_with_an_unknown_language_stops_with_one_sentence_naming_the_codes()
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => StaffCommand.Parse(["create-manager", "ann@example.be", "Ann", "nl,es"]));
        Assert.Equal("create-manager's languages must be codes among nl, fr, de and en separated by commas (such as nl,fr), not \"nl,es\".", problem.Message);
    }

    [Fact]
    public void Other_arguments_are_not_the_command()
    {
        Assert.Null(StaffCommand.Parse(["--urls", "http://localhost:5080"]));
    }
}
