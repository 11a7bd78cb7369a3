using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Scheduler.Messaging;

/// <summary>
/// Which messages a booking change makes due, and when: exactly what the booking's contact plan
/// says, nothing decided here about channels, except that nothing is ever planned to an address on a
/// channel it opted out of (<paramref name="refused"/>: a STOP can come after the plan was made, for a
/// call that can no longer be replanned). Written in the same transaction as the change.
/// </summary>
public sealed class MessagePlanner(MessagingSettings settings, SlotCalendar calendar)
{
    /// <summary>The service's local day of an instant: the day the dashboard counts it on.</summary>
    public LocalDate LocalDay(Instant at) => at.InZone(calendar.Zone).Date;

    /// <param name="notice">Confirmation, Moved or Cancelled: the message that says what just happened, or null for none.</param>
    /// <param name="toldByText">
    /// The change came by text message from the citizen's own number, and the reply already said it
    /// there: the notice is not sent to that number a second time (other channels still get it).
    /// </param>
    public IReadOnlyList<OutboundMessage> For(Booking booking, MessageKind? notice, Instant now, bool toldByText = false, OptedOut? refused = null)
    {
        var plan = booking.Plan;
        var messages = new List<OutboundMessage>();
        if (notice is { } kind)
        {
            foreach (var m in plan.Confirmation.Value.Where(m => !(toldByText && m.Channel == Channel.Sms && m.To == Recipient.Citizen)))
            {
                Add(messages, refused, booking, kind, m.Channel, m.To, now, now);
            }
        }
        if (!booking.IsActive)
        {
            return messages;
        }
        var dayBefore = (booking.SlotStart.InZone(calendar.Zone).Date.PlusDays(-1) + settings.DayBeforeAt)
            .InZoneLeniently(calendar.Zone).ToInstant();
        foreach (var reminder in plan.Reminders.Value)
        {
            var (kind2, due) = reminder.When == ReminderTime.DayBefore
                ? (MessageKind.ReminderDayBefore, dayBefore)
                : (MessageKind.ReminderHourBefore, booking.SlotStart - settings.HourBefore);
            // A reminder whose moment has passed (a booking made this afternoon for tomorrow morning) is not sent late.
            if (due > now)
            {
                Add(messages, refused, booking, kind2, reminder.Channel, reminder.To, due, now);
            }
        }
        foreach (var m in plan.HeadsUp.Value)
        {
            var due = booking.SlotStart - settings.HeadsUpBefore;
            if (due > now)
            {
                Add(messages, refused, booking, MessageKind.HeadsUp, m.Channel, m.To, due, now);
            }
        }
        return messages;
    }

    /// <summary>
    /// The one message that follows the end of a call (a thank-you, or an offer to book again), on the
    /// plan's first confirmation channel and to the same person. When the number turned out to be
    /// wrong, nothing goes to it: only an email, if the citizen gave one.
    /// </summary>
    public IReadOnlyList<OutboundMessage> AfterCall(Booking booking, MessageKind kind, Instant now, OptedOut? refused = null)
    {
        var messages = new List<OutboundMessage>();
        if (booking.Status == BookingStatus.WrongNumber)
        {
            if (booking.Email is not null)
            {
                Add(messages, refused, booking, kind, Channel.Email, Recipient.Citizen, now, now);
            }
            return messages;
        }
        if (booking.Plan.Confirmation.Value.FirstOrDefault() is { } first)
        {
            Add(messages, refused, booking, kind, first.Channel, first.To, now, now);
        }
        return messages;
    }

    /// <summary>
    /// The offer of a held seat to a citizen on the waitlist: one message, on the first of the
    /// <see cref="OfferChannels"/> they did not refuse. None at all means the offer is not made.
    /// </summary>
    public IReadOnlyList<OutboundMessage> Offer(Booking offered, Instant now, OptedOut? refused = null)
    {
        var messages = new List<OutboundMessage>();
        foreach (var channel in OfferChannels(offered.Plan).Select(m => m.Channel))
        {
            Add(messages, refused, offered, MessageKind.WaitlistOffer, channel, Recipient.Citizen, now, now);
            if (messages.Count > 0)
            {
                break;
            }
        }
        return messages;
    }

    /// <summary>
    /// The plan's confirmation channels to the citizen that can carry an answer to an offer, in the
    /// plan's order: a text they reply to, a call with a key to press (a landline), an email with a link.
    /// The sweep tries them in that order; the pages say the first.
    /// </summary>
    public static IEnumerable<Message> OfferChannels(ContactPlan plan) =>
        plan.Confirmation.Value.Where(m => m.To == Recipient.Citizen && m.Channel is Channel.Sms or Channel.Voice or Channel.Email);

    /// <summary>The same message on the next channel of the plan, after its own channel could not deliver it.</summary>
    public OutboundMessage? FallbackFor(OutboundMessage failed, Booking booking, Instant now, OptedOut? refused = null)
    {
        // The heads-up only makes sense as a text a few minutes before the call: on another channel it
        // would be a second call right before the real one (rule heads-up.none-without-text).
        if (failed.Kind == MessageKind.HeadsUp || failed.Recipient != Recipient.Citizen || booking.Plan.FallbackAfter(failed.Channel) is not { } next)
        {
            return null;
        }
        var messages = new List<OutboundMessage>();
        Add(messages, refused, booking, failed.Kind, next, Recipient.Citizen, now, now);
        var fallback = messages.SingleOrDefault();
        if (fallback is not null)
        {
            fallback.FallbackOf = failed.Id;
            fallback.OfferedStart = failed.OfferedStart;
            fallback.Link = failed.Link;
        }
        return fallback;
    }

    private static void Add(List<OutboundMessage> messages, OptedOut? refused, Booking booking, MessageKind kind, Channel channel, Recipient to, Instant due, Instant now)
    {
        var address = (to, channel) switch
        {
            (Recipient.Proxy, _) => booking.Needs.Proxy?.Phone.E164,
            (_, Channel.Email) => booking.Email,
            _ => booking.PhoneE164,
        };
        if (string.IsNullOrEmpty(address) || refused?.Contains((address, channel)) == true)
        {
            return;
        }
        messages.Add(new OutboundMessage
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()),
            BookingId = booking.Id,
            BookingSequence = booking.Sequence,
            Kind = kind,
            Channel = channel,
            Recipient = to,
            To = address,
            Language = booking.Plan.Language.Value,
            Style = booking.Plan.Style.Value,
            DueAt = due,
            NextAttemptAt = due,
            Status = DeliveryStatus.Queued,
            CreatedAt = now,
        });
    }
}

/// <summary>The (address, channel) pairs that opted out, for the addresses of one booking.</summary>
public sealed class OptedOut(IEnumerable<(string Address, Channel Channel)> pairs) : HashSet<(string Address, Channel Channel)>(pairs);
