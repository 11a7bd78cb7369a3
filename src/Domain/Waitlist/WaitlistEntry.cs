using Allo.Domain.Bookings;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Waitlist;

/// <summary>Parts of the day a citizen on the waitlist can take a call in.</summary>
[Flags]
public enum DayParts
{
    None = 0,
    /// <summary>Calls starting before noon.</summary>
    Morning = 1,
    /// <summary>Calls starting at noon or later.</summary>
    Afternoon = 2,
    Any = Morning | Afternoon,
}

/// <summary>Where a citizen on the waitlist stands. Which status may follow which is decided in <see cref="WaitlistEntry"/>.</summary>
public enum WaitlistStatus
{
    /// <summary>In line for a seat inside their wish.</summary>
    Waiting,
    /// <summary>A seat is held for them until the offer expires; they answer yes, or it passes on.</summary>
    Offered,
    /// <summary>Left the list by booking: an offer they accepted, or a booking of their own.</summary>
    Booked,
    /// <summary>Left the list (STOP, the manage link, or the wish's last day passed).</summary>
    Left,
}

/// <summary>
/// A citizen waiting for a freed seat in a range of days and parts of day. First come, first served:
/// <see cref="JoinedAt"/> is their place in line, after every priority place (<see cref="PriorityFrom"/>). Holds the same contact answers as a booking, so the
/// offer reaches them on the channel the contact rules decide and the booking it becomes is theirs.
/// </summary>
public sealed class WaitlistEntry
{
    private WaitlistEntry()
    {
        ManageTokenHash = null!;
        PhoneE164 = null!;
        Needs = Needs.None;
        Plan = null!;
    }

    public Guid Id { get; private set; }
    public string ManageTokenHash { get; private set; }
    public string PhoneE164 { get; private set; }
    public PhoneKind PhoneKind { get; private set; }
    public PhoneNumber Phone => new(PhoneE164, PhoneKind);
    public string? Name { get; private set; }
    public string? Email { get; private set; }
    public Language Language { get; private set; }
    public Needs Needs { get; private set; }
    public ContactPlan Plan { get; private set; }
    public FrontEnd FrontEnd { get; private set; }
    public LocalDate FirstDay { get; private set; }
    public LocalDate LastDay { get; private set; }
    public DayParts Parts { get; private set; }
    public Instant JoinedAt { get; private set; }
    /// <summary>
    /// For a place given because the day ended before their call was made (Calls:EndOfDay Waitlist): the
    /// missed call's start. Priority places come before every other, in the order of the calls they missed.
    /// </summary>
    public Instant? PriorityFrom { get; private set; }
    public WaitlistStatus Status { get; private set; }
    /// <summary>The provisional booking that holds the offered seat, while <see cref="Status"/> is Offered.</summary>
    public Guid? OfferBookingId { get; private set; }
    public Instant? OfferExpiresAt { get; private set; }
    public Instant? LeftAt { get; private set; }
    /// <summary>Raised on every change: two nodes offering to one citizen at once, the second fails.</summary>
    public int Version { get; private set; }

    public bool InLine => Status is WaitlistStatus.Waiting or WaitlistStatus.Offered;

    public static WaitlistEntry Join(
        SlotCalendar calendar, Instant now, PhoneNumber phone, Language language, string? name, string? email, Needs needs, ContactPlan plan,
        LocalDate firstDay, LocalDate lastDay, DayParts parts, string manageTokenHash, FrontEnd frontEnd = FrontEnd.Web)
    {
        if (!plan.Reachable)
        {
            throw new WaitlistRuleException(WaitlistProblem.Unreachable, "No channel reaches this citizen.");
        }
        if (CheckWish(calendar, now, firstDay, lastDay, parts) is { } problem)
        {
            throw new WaitlistRuleException(problem, $"The wish {firstDay} to {lastDay} ({parts}) is refused: {problem}.");
        }
        var bookable = calendar.BookableDates(now);
        return new WaitlistEntry
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()),
            ManageTokenHash = manageTokenHash,
            PhoneE164 = phone.E164,
            PhoneKind = phone.Kind,
            Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            Language = language,
            Needs = needs,
            Plan = plan,
            FrontEnd = frontEnd,
            FirstDay = LocalDate.Max(firstDay, bookable.Start),
            LastDay = LocalDate.Min(lastDay, bookable.End),
            Parts = parts & DayParts.Any,
            JoinedAt = now,
            Status = WaitlistStatus.Waiting,
        };
    }

    /// <summary>
    /// A priority place for a call the day ended before: the same number, name, needs and contact plan as
    /// the missed booking, any part of the next <paramref name="days"/> working days the calendar can book.
    /// </summary>
    public static WaitlistEntry ForMissedCall(SlotCalendar calendar, Instant now, Booking missed, int days, string manageTokenHash)
    {
        if (missed.Status != BookingStatus.NotCalled)
        {
            throw new WaitlistRuleException(WaitlistProblem.IllegalTransition, $"Only a call the day ended before gets a priority place, not one that is {missed.Status}.");
        }
        var bookable = calendar.BookableDates(now);
        var workingDays = Enumerable.Range(0, Period.Between(bookable.Start, bookable.End, PeriodUnits.Days).Days + 1)
            .Select(bookable.Start.PlusDays)
            .Where(d => calendar.SlotsOn(d).Any(s => s.Start > now))
            .Take(Math.Max(1, days))
            .ToList();
        if (workingDays.Count == 0)
        {
            throw new WaitlistRuleException(WaitlistProblem.DaysOutsideHorizon, "No working day is left within the horizon.");
        }
        var entry = Join(calendar, now, missed.Phone, missed.Language, missed.Name, missed.Email, missed.Needs, missed.Plan,
            workingDays[0], workingDays[^1], DayParts.Any, manageTokenHash, missed.FrontEnd);
        entry.PriorityFrom = missed.SlotStart;
        return entry;
    }

    /// <summary>
    /// What is wrong with a wish, or null: a morning, an afternoon or both, the last day not before the
    /// first, and some of its days within the bookable horizon. The pages ask it before the contact
    /// questions, and <see cref="Join"/> again when the entry is made.
    /// </summary>
    public static WaitlistProblem? CheckWish(SlotCalendar calendar, Instant now, LocalDate firstDay, LocalDate lastDay, DayParts parts)
    {
        var bookable = calendar.BookableDates(now);
        return (parts & DayParts.Any) == DayParts.None ? WaitlistProblem.NoPartOfDay
            : lastDay < firstDay ? WaitlistProblem.DaysReversed
            : lastDay < bookable.Start || firstDay > bookable.End ? WaitlistProblem.DaysOutsideHorizon
            : null;
    }

    /// <summary>Whether a call starting in <paramref name="slot"/> is inside the wish.</summary>
    public bool Wants(Slot slot)
    {
        var date = slot.LocalDate;
        var part = slot.LocalStart.Hour < 12 ? DayParts.Morning : DayParts.Afternoon;
        return date >= FirstDay && date <= LastDay && (Parts & part) != DayParts.None;
    }

    /// <summary>A seat is held for them (by <paramref name="bookingId"/>) until <paramref name="expiresAt"/>.</summary>
    public void Offer(Guid bookingId, Instant now, Instant expiresAt)
    {
        Require(WaitlistStatus.Waiting, "be offered a seat");
        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "An offer expires after it is made.");
        }
        Status = WaitlistStatus.Offered;
        OfferBookingId = bookingId;
        OfferExpiresAt = expiresAt;
        Version++;
    }

    /// <summary>Whether the open offer can still be taken at <paramref name="now"/>.</summary>
    public bool OfferOpen(Instant now) => Status == WaitlistStatus.Offered && now < OfferExpiresAt;

    /// <summary>They said yes in time: the held seat becomes their booking and they leave the list.</summary>
    public void Accept(Instant now)
    {
        if (!OfferOpen(now))
        {
            throw new WaitlistRuleException(WaitlistProblem.NoOpenOffer, "There is no open offer to accept.");
        }
        Status = WaitlistStatus.Booked;
        LeftAt = now;
        Version++;
    }

    /// <summary>The offer expired or they said no: they are back in line, at their place, for another time.</summary>
    public void PassOn()
    {
        Require(WaitlistStatus.Offered, "pass an offer on");
        Status = WaitlistStatus.Waiting;
        OfferBookingId = null;
        OfferExpiresAt = null;
        Version++;
    }

    /// <summary>They booked a time of their own since joining.</summary>
    public void BookedElsewhere(Instant now) => Leave(now, WaitlistStatus.Booked);

    /// <summary>STOP, the manage link, or the wish's days are over. An open offer is the caller's to give back.</summary>
    public void Leave(Instant now) => Leave(now, WaitlistStatus.Left);

    private void Leave(Instant now, WaitlistStatus status)
    {
        if (!InLine)
        {
            throw new WaitlistRuleException(WaitlistProblem.NotInLine, $"The entry is {Status}: it has already left the list.");
        }
        Status = status;
        OfferBookingId = null;
        OfferExpiresAt = null;
        LeftAt = now;
        Version++;
    }

    /// <summary>
    /// The retention period after leaving the list is over: the number, name, address and what tells who
    /// they are go; when they joined and left, their days and their status stay for the managers' figures.
    /// </summary>
    public void Erase(Instant now, Duration retention)
    {
        if (IsErased)
        {
            return;
        }
        if (InLine || LeftAt is null || now < LeftAt.Value + retention)
        {
            throw new WaitlistRuleException(WaitlistProblem.NotYetErasable, $"The entry is {Status} and kept until {(LeftAt is null ? "it leaves the list" : (LeftAt.Value + retention).ToString())}.");
        }
        PhoneE164 = Booking.ErasedPhone;
        Name = null;
        Email = null;
        Needs = Booking.Erased(Needs);
        Plan = Booking.Erased(Plan);
        Version++;
    }

    public bool IsErased => PhoneE164 == Booking.ErasedPhone;

    private void Require(WaitlistStatus status, string what)
    {
        if (Status != status)
        {
            throw new WaitlistRuleException(WaitlistProblem.IllegalTransition, $"An entry that is {Status} cannot {what}.");
        }
    }
}

public enum WaitlistProblem
{
    IllegalTransition,
    NotInLine,
    NoOpenOffer,
    Unreachable,
    NoPartOfDay,
    DaysReversed,
    DaysOutsideHorizon,
    NotYetErasable,
}

public sealed class WaitlistRuleException(WaitlistProblem problem, string message) : InvalidOperationException(message)
{
    public WaitlistProblem Problem { get; } = problem;
}
