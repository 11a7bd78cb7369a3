using Allo.Domain.Contact;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Allo.Scheduler.Tests.Messaging;

/// <summary>A Twilio Messaging Service with several numbers: read from the settings, and used to send.</summary>
public sealed class SenderPoolTests : IAsyncLifetime
{
    private const string ServiceSid = "MG0123456789abcdef0123456789abcdef";
    private FakeTwilio _twilio = null!;

    public async Task InitializeAsync() => _twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    private Dictionary<string, string?> Twilio(params (string Key, string Value)[] more)
    {
        var settings = _twilio.Settings().ToDictionary(p => p.Key, p => (string?)p.Value);
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static MessagingSettings Read(Dictionary<string, string?> values) =>
        MessagingSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), isProduction: false);

    [Fact]
    public void Three_senders_in_a_service_make_three_times_the_text_rate_and_leave_calls_alone()
    {
        var settings = Read(Twilio(("Twilio:MessagingServiceSid", ServiceSid), ("Messaging:Senders", "3"), ("Messaging:SmsPerSecond", "10")));

        Assert.Equal(ServiceSid, settings.Twilio!.MessagingServiceSid);
        Assert.Equal(30, settings.SmsRate);
        Assert.Equal(1, settings.CallsPerSecond);
    }

    [Fact]
    public void Without_the_settings_there_is_one_sender_and_no_service()
    {
        var settings = Read(Twilio());

        Assert.Null(settings.Twilio!.MessagingServiceSid);
        Assert.Equal(1, settings.Senders);
        Assert.Equal(10, settings.SmsRate);
    }

    [Theory]
    [InlineData("Twilio:MessagingServiceSid", "MG123", "Twilio__MessagingServiceSid")]
    [InlineData("Twilio:MessagingServiceSid", "AC0123456789abcdef0123456789abcdef", "Twilio__MessagingServiceSid")]
    [InlineData("Messaging:Senders", "0", "Messaging__Senders")]
    [InlineData("Messaging:Senders", "3", "Twilio__MessagingServiceSid")]
    public void A_wrong_pool_setting_is_refused_with_a_sentence_naming_what_to_set(string key, string value, string named)
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => Read(Twilio((key, value))));

        Assert.Contains(named, problem.Message);
    }

    [Fact]
    public void A_service_id_without_the_rest_of_twilio_is_refused_as_partly_configured()
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => Read(new() { ["Twilio:MessagingServiceSid"] = ServiceSid }));

        Assert.Contains("Twilio__AccountSid", problem.Message);
    }

    [Fact]
    public async Task With_a_service_a_text_names_the_service_and_no_from_number()
    {
        var settings = Read(Twilio(("Twilio:MessagingServiceSid", ServiceSid), ("Messaging:Senders", "3")));
        var channel = new TwilioSmsChannel(new TwilioClientFactory(settings.Twilio!));

        await channel.SendAsync(new OutboundMessage { Id = Guid.NewGuid(), Channel = Channel.Sms, To = "+32470123456" }, new RenderedMessage("Hallo"), CancellationToken.None);

        var sent = Assert.Single(_twilio.Messages);
        Assert.Equal(ServiceSid, sent.Form["MessagingServiceSid"]);
        Assert.False(sent.Form.ContainsKey("From"), "Twilio would send every text from that one number");
        Assert.Equal("+32470123456", sent.Form["To"]);
    }

    [Fact]
    public async Task Without_a_service_a_text_comes_from_the_configured_number()
    {
        var channel = new TwilioSmsChannel(new TwilioClientFactory(Read(Twilio()).Twilio!));

        await channel.SendAsync(new OutboundMessage { Id = Guid.NewGuid(), Channel = Channel.Sms, To = "+32470123456" }, new RenderedMessage("Hallo"), CancellationToken.None);

        var sent = Assert.Single(_twilio.Messages);
        Assert.Equal(FakeTwilio.From, sent.Form["From"]);
        Assert.False(sent.Form.ContainsKey("MessagingServiceSid"));
    }
}
