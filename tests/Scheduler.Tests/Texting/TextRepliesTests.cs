using Allo.Domain;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using Allo.Scheduler.Messaging;
using Allo.Scheduler.Texting;
using Allo.TestSupport;
using NodaTime;

namespace Allo.Scheduler.Tests.Texting;

/// <summary>Every reply by text message, with the longest values it can carry, is one GSM-7 segment.</summary>
public sealed class TextRepliesTests
{
    private static readonly SlotCalendar Calendar = TestCalendar.Default;
    private static readonly MessagingSettings Settings = new() { PublicBaseUrl = new Uri("https://allo.financien.belgium.be/") };
    private static readonly TextReplies Replies = new(TestTexts.For(Calendar, Settings), Calendar, Settings);
    private static readonly MessageTexts Texts = TestTexts.For(Calendar, Settings);

    // A Wednesday in September: the longest day and month names.
    private static readonly Instant Longest = TestClock.Brussels(2027, 9, 22, 15, 45);

    public static TheoryData<Language, string> EveryReply()
    {
        var data = new TheoryData<Language, string>();
        foreach (var language in Languages.All)
        {
            foreach (var key in Texts.Keys(language).Where(k => k.StartsWith("Reply.", StringComparison.Ordinal) && !k.StartsWith("Reply.Plan.", StringComparison.Ordinal) && !k.StartsWith("Reply.Reminder.", StringComparison.Ordinal)))
            {
                data.Add(language, key);
            }
        }
        return data;
    }

    private static object[] LongestValues(Language language, string key)
    {
        var slot = Replies.Slot(language, Longest);
        var three = Replies.Numbered(language, [Longest, Longest, Longest]);
        var how = (from mode in Enum.GetValues<CallbackMode>()
                   from channel in Enum.GetValues<Channel>()
                   select Replies.Say(language, $"Reply.Plan.{mode}") + " " + Replies.Say(language, $"Reply.Reminder.{channel}"))
            .MaxBy(s => s.Length)!;
        return key switch
        {
            "Reply.Offer" or "Reply.SlotTaken" => [three],
            "Reply.MoveOffer" => [slot, three],
            "Reply.TimeNotFree" => ["15:45", three],
            "Reply.Booked" => [slot, "K7M-4QX"],
            "Reply.NeedsNoted" => [how],
            "Reply.AlreadyBooked" or "Reply.Moved" or "Reply.WaitlistBooked" => [slot, "K7M-4QX"],
            "Reply.WaitlistJoined" or "Reply.WaitlistAlready" => [Replies.Day(language, Longest.InUtc().Date), Replies.Day(language, Longest.InUtc().Date)],
            "Reply.Help" or "Reply.Unreachable" => [Replies.Web(language)],
            _ => [slot],
        };
    }

    [Theory]
    [MemberData(nameof(EveryReply))]
    public void Every_reply_fits_one_gsm7_segment_with_its_longest_values(Language language, string key)
    {
        var reply = Replies.Say(language, key, LongestValues(language, key));
        Assert.True(SmsSegments.IsGsm7(reply), $"not GSM-7: {reply}");
        Assert.True(SmsSegments.Count(reply) == 1, $"{reply.Length} characters: {reply}");
        Assert.DoesNotContain("{", reply);
    }

    [Fact]
    public void The_short_menu_fits_one_segment_in_dutch_and_french_together()
    {
        var menu = Replies.Bilingual("Reply.MenuShort");
        Assert.Contains("AFSPRAAK", menu);
        Assert.Contains("RDV", menu);
        Assert.Equal(1, SmsSegments.Count(menu));
    }
}
