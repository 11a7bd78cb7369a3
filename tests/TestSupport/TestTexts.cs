using Allo.Domain.Slots;
using Allo.Scheduler.Feedback;
using Allo.Scheduler.Messaging;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace Allo.TestSupport;

/// <summary>The real message texts, with feedback links protected by keys that live as long as the test.</summary>
public static class TestTexts
{
    public static MessageTexts For(SlotCalendar calendar, MessagingSettings settings, IClock? clock = null) =>
        new(calendar, settings, new FeedbackLinks(new EphemeralDataProtectionProvider(), settings, clock ?? SystemClock.Instance));
}
