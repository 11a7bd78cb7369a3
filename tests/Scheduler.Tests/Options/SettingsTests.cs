using Allo.Scheduler.Options;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Allo.Scheduler.Tests.Options;

public sealed class SettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Nothing_set_means_sqlite_in_the_data_folder_with_migrations()
    {
        var settings = DatabaseSettings.From(Config());
        Assert.Equal(new DatabaseSettings(DatabaseProvider.Sqlite, DatabaseSettings.DefaultSqlite, true), settings);
    }

    [Fact]
    public void An_unknown_provider_names_the_setting_and_the_choices()
    {
        var e = Assert.Throws<ConfigurationProblem>(() => DatabaseSettings.From(Config(("Database:Provider", "Oracle"))));
        Assert.Contains("Database__Provider", e.Message);
        Assert.Contains("Postgres", e.Message);
    }

    [Fact]
    public void Postgres_without_a_connection_string_says_to_set_one()
    {
        var e = Assert.Throws<ConfigurationProblem>(() => DatabaseSettings.From(Config(("Database:Provider", "postgres"))));
        Assert.Contains("ConnectionStrings__Allo", e.Message);
    }

    [Fact]
    public void Opening_hours_are_read_as_people_write_them()
    {
        var hours = BookingSettings.From(Config(
            ("Booking:Windows:0", "Monday 08:30-12:00"),
            ("Booking:Windows:1", "saturday 09:00-11:00"),
            ("Booking:SlotMinutes", "20"),
            ("Booking:HorizonDays", "14"),
            ("Booking:MinimumNoticeMinutes", "30")));
        Assert.Equal(2, hours.Windows.Count);
        Assert.Equal(IsoDayOfWeek.Saturday, hours.Windows[1].Day);
        Assert.Equal(new LocalTime(8, 30), hours.Windows[0].Start);
        Assert.Equal(Period.FromMinutes(20), hours.SlotLength);
        Assert.Equal(14, hours.HorizonDays);
        Assert.Equal(Duration.FromMinutes(30), hours.MinimumNotice);
    }

    [Theory]
    [InlineData("Booking:Windows:0", "Mondays 9-12", "Booking:Windows")]
    [InlineData("Booking:Windows:0", "Monday 12:00-09:00", "Booking:Windows")]
    [InlineData("Booking:SlotMinutes", "0", "Booking__SlotMinutes")]
    [InlineData("Booking:HorizonDays", "many", "Booking__HorizonDays")]
    public void Unreadable_opening_hours_stop_with_one_sentence_naming_the_setting(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblem>(() => BookingSettings.From(Config((key, value))));
        Assert.Contains(named, e.Message);
        Assert.Single(e.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Postgress")]
    public void A_provider_is_chosen_by_name_never_by_number_and_the_sentence_lists_the_names(string value)
    {
        var e = Assert.Throws<ConfigurationProblem>(() => DatabaseSettings.From(Config(("Database:Provider", value))));
        Assert.Equal($"Database:Provider is '{value}'; set Database__Provider to Sqlite (the default) or Postgres.", e.Message);
    }

    [Fact]
    public void A_setting_in_a_list_is_named_by_its_environment_variable()
    {
        var e = Assert.Throws<ConfigurationProblem>(() => BookingSettings.From(Config(("Booking:Windows:0", "Monday 09:00-12:00"), ("Booking:Windows:1", "Tuesday 9-12"))));
        Assert.Contains("set Booking__Windows__1 to", e.Message);
    }

    [Theory]
    [InlineData("true", false, true)]
    [InlineData("False", false, false)]
    [InlineData(null, true, false)]
    [InlineData("false", true, false)]
    public void Demo_data_is_seeded_only_when_asked_and_demo_accounts_are_refused_in_production(string? value, bool production, bool seeded)
    {
        var settings = DemoSettings.From(value is null ? Config() : Config(("Allo:DemoData", value)), production);
        Assert.Equal(new DemoSettings(seeded, RefuseDemoAccounts: production), settings);
    }

    [Theory]
    [InlineData("true", true, "Production")]
    [InlineData("maybe", false, "true or false")]
    public void Demo_data_in_production_or_an_unreadable_value_stops_with_one_sentence_naming_Allo__DemoData(string value, bool production, string said)
    {
        var e = Assert.Throws<ConfigurationProblem>(() => DemoSettings.From(Config(("Allo:DemoData", value)), production));
        Assert.Contains("Allo__DemoData", e.Message);
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void A_line_break_in_a_quoted_error_is_folded_so_the_sentence_stays_one_line()
    {
        var problem = new ConfigurationProblem("The database could not be opened (first line\r\n   second line); set ConnectionStrings__Allo.");
        Assert.Equal("The database could not be opened (first line second line); set ConnectionStrings__Allo.", problem.Message);
    }

    [Fact]
    public void Without_a_certificate_the_keys_are_not_encrypted_and_a_password_alone_names_the_path_to_set()
    {
        Assert.Null(KeyProtectionSettings.From(Config()).Certificate);
        var e = Assert.Throws<ConfigurationProblem>(() => KeyProtectionSettings.From(Config(("DataProtection:CertificatePassword", "secret"))));
        Assert.Contains("DataProtection__CertificatePath", e.Message);
    }

    [Fact]
    public void The_access_log_is_kept_a_year_unless_AccessLog_RetentionDays_says_otherwise_and_zero_names_the_variable()
    {
        Assert.Equal(365, Allo.Scheduler.Privacy.AccessLogSettings.From(Config()).RetentionDays);
        Assert.Equal(730, Allo.Scheduler.Privacy.AccessLogSettings.From(Config(("AccessLog:RetentionDays", "730"))).RetentionDays);
        var e = Assert.Throws<ConfigurationProblem>(() => Allo.Scheduler.Privacy.AccessLogSettings.From(Config(("AccessLog:RetentionDays", "0"))));
        Assert.Contains("AccessLog__RetentionDays", e.Message);
    }
}
