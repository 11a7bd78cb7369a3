using Allo.Domain.Slots;
using Allo.Scheduler.Options;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Allo.Scheduler.Tests.Options;

public sealed class RelaySettingsTests
{
    private static readonly (string, string)[] Complete =
    [
        ("Relay:Number", "02 572 57 57"),
        ("Relay:From", "08:30"),
        ("Relay:To", "17:00"),
        ("Relay:MaxCallMinutes", "40"),
    ];

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static RelayService? Read(params (string Key, string Value)[] values) => RelaySettings.From(Config(values), OpeningHours.Default);

    private static (string, string)[] With(string key, string value) =>
        [.. Complete.Where(c => c.Item1 != key), (key, value)];

    [Fact]
    public void No_relay_setting_means_no_relay_service()
    {
        Assert.Null(Read());
    }

    [Fact]
    public void A_complete_relay_has_its_number_in_e164_its_daily_hours_and_its_longest_call_in_whole_slots()
    {
        var relay = Read(Complete)!;
        Assert.Equal("+3225725757", relay.Number.E164);
        Assert.Equal(new DailyHours(new LocalTime(8, 30), new LocalTime(17, 0)), relay.Hours);
        Assert.Equal((40, 2), (relay.MaxCallMinutes, relay.MaxSlots));
    }

    [Fact]
    public void A_free_service_number_is_a_relay_number_too()
    {
        Assert.Equal("+3280012345", Read(With("Relay:Number", "0800 12 345"))!.Number.E164);
    }

    [Theory]
    [InlineData("Relay:Number", "", "Relay__Number")]
    [InlineData("Relay:MaxCallMinutes", "", "Relay__MaxCallMinutes")]
    [InlineData("Relay:Number", "the relay", "Relay__Number")]
    [InlineData("Relay:From", "8h30", "Relay__From")]
    [InlineData("Relay:To", "5pm", "Relay__To")]
    [InlineData("Relay:To", "08:30", "Relay__To")]
    [InlineData("Relay:To", "07:00", "Relay__To")]
    [InlineData("Relay:MaxCallMinutes", "half an hour", "Relay__MaxCallMinutes")]
    [InlineData("Relay:MaxCallMinutes", "0", "Relay__MaxCallMinutes")]
    [InlineData("Relay:MaxCallMinutes", "12.5", "Relay__MaxCallMinutes")]
    [InlineData("Relay:MaxCallMinutes", "10", "Relay__MaxCallMinutes")]
    public void A_wrong_or_missing_relay_setting_stops_start_up_with_one_sentence_naming_it(string key, string value, string named)
    {
        var values = value == "" ? Complete.Where(c => c.Item1 != key).ToArray() : With(key, value);
        var problem = Assert.Throws<ConfigurationProblem>(() => Read(values));
        Assert.Contains(named, problem.Message);
        Assert.EndsWith(".", problem.Message);
    }

    [Fact]
    public void A_longest_call_shorter_than_one_slot_is_measured_against_the_configured_slot_length()
    {
        var halfHourSlots = OpeningHours.Default with { SlotLength = Period.FromMinutes(30) };
        var problem = Assert.Throws<ConfigurationProblem>(() => RelaySettings.From(Config(With("Relay:MaxCallMinutes", "20")), halfHourSlots));
        Assert.Contains("at least 30", problem.Message);
        Assert.Equal(1, RelaySettings.From(Config(With("Relay:MaxCallMinutes", "45")), halfHourSlots)!.MaxSlots);
    }
}
