using System.Xml.Linq;
using Allo.Domain.Contact;
using Allo.Domain.Waitlist;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Messaging.Channels;
using Allo.Scheduler.Options;
using Allo.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Allo.Scheduler.Tests.Waitlist;

/// <summary>A landline on the waitlist: the plan confirms by voice, so the offer is a call with a key to press, never on a refused channel.</summary>
public abstract class SpokenOfferTests(DatabaseProvider provider) : WaitlistTestBase(provider)
{
    private const string Landline = "02 511 22 33";

    [Fact]
    public async Task A_landline_is_offered_the_freed_seat_by_a_call_whose_keys_and_silence_post_to_the_offer_address_of_that_message()
    {
        await JoinAsync(Landline);
        await CancelAsync(Booked[1]);

        Assert.Equal(1, await SweepAsync());

        var offer = Assert.Single(await OffersSentToAsync(Landline));
        Assert.Equal(Channel.Voice, offer.Channel);
        Assert.Equal(WaitlistStatus.Offered, (await EntryAsync(Landline)).Status);
        Assert.Equal(1, await ClaimsAsync(Wednesday1015));
        await using var db = Database.NewContext();
        var held = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == offer.BookingId);
        Assert.Equal(held.Sequence, offer.BookingSequence);
        var rendered = TestTexts.For(Calendar, Settings, Clock).Render(offer, held);
        Assert.Equal(Settings.Link($"webhooks/twilio/offer/{offer.Id:N}?turn=1"), rendered.KeyAction);
        Assert.Contains("om 10:15", rendered.Text);
        Assert.Contains("druk 1", rendered.Text);
        var gather = XDocument.Parse(TwilioVoiceChannel.Twiml(rendered.Text, "Ik herhaal.", offer.Language, rendered.KeyAction, rendered.AnswerSilence)).Root!.Element("Gather")!;
        Assert.Equal(rendered.KeyAction!.ToString(), gather.Attribute("action")!.Value);
        Assert.Equal("true", gather.Attribute("actionOnEmptyResult")!.Value);
    }

    [Fact]
    public async Task A_landline_that_refused_recorded_calls_since_joining_is_not_offered_and_the_freed_seat_stays_free()
    {
        await JoinAsync(Landline);
        await using (var db = Database.NewContext())
        {
            db.ChannelOptOuts.Add(new ChannelOptOut { Address = Phone(Landline).E164, Channel = Channel.Voice, At = Clock.GetCurrentInstant() });
            await db.SaveChangesAsync();
        }
        await CancelAsync(Booked[1]);

        Assert.Equal(0, await SweepAsync());

        Assert.Empty(await OffersSentToAsync(Landline));
        Assert.Equal(WaitlistStatus.Waiting, (await EntryAsync(Landline)).Status);
        Assert.Equal(0, await ClaimsAsync(Wednesday1015));
    }
}

public sealed class SqliteSpokenOfferTests() : SpokenOfferTests(DatabaseProvider.Sqlite);

public sealed class PostgresSpokenOfferTests() : SpokenOfferTests(DatabaseProvider.Postgres);
