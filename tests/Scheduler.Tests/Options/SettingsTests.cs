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
}
