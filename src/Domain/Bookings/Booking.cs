using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Bookings;

/// <summary>
/// A citizen's phone-help callback. Its state only changes through the guarded methods below,
/// each of which takes the current instant rather than reading a clock.
/// </summary>
public sealed class Booking
{
    // For EF Core materialisation only.
    private Booking()
    {
        Reference = null!;
        ManageTokenHash = null!;
        PhoneE164 = null!;
        Needs = Needs.None;
        Plan = null!;
        CallCode = null!;
    }

    public Guid Id { get; private set; }
    public string Reference { get; private set; }
    public string ManageTokenHash { get; private set; }
    public Instant SlotStart { get; private set; }
    public Instant SlotEnd { get; private set; }
    // Stored as two scalars so the database can index the number for the one-active-booking rule.
    public string PhoneE164 { get; private set; }
    public PhoneKind PhoneKind { get; private set; }
    public PhoneNumber Phone => new(PhoneE164, PhoneKind);
    public string? Name { get; private set; }
    public string? Email { get; private set; }
    public Language Language { get; private set; }
    public Needs Needs { get; private set; }
    /// <summary>How the service contacts this citizen, decided by the contact rules from their needs.</summary>
    public ContactPlan Plan { get; private set; }
    public BookingStatus Status { get; private set; }
    /// <summary>Raised on every change, so calendar apps replace the event they hold (iCalendar SEQUENCE).</summary>
    public int Sequence { get; private set; }
    /// <summary>Four digits the agent says at the start of the call, so the citizen knows it is really us.</summary>
    public string CallCode { get; private set; }
    /// <summary>When personal data was erased after the retention period; the booking stays for statistics.</summary>
    public Instant? ErasedAt { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant UpdatedAt { get; private set; }
    public Instant? CancelledAt { get; private set; }

    public bool IsActive => Status.IsActive();

    /// <summary>A new booking for a slot the calendar says is bookable now; seats are the caller's (database's) business.</summary>
    public static Booking Book(
        SlotCalendar calendar,
        Instant slotStart,
        Instant now,
        PhoneNumber phone,
        Language language,
        string? name,
        string? email,
        Needs needs,
        ContactPlan plan,
        BookingReference reference,
        string manageTokenHash)
    {
        RequireReachable(plan);
        var run = RequireBookable(calendar, slotStart, now, plan.Slots.Value);
        return new Booking
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()),
            Reference = reference.Value,
            ManageTokenHash = manageTokenHash,
            SlotStart = run[0].Start,
            SlotEnd = run[^1].End,
            PhoneE164 = phone.E164,
            PhoneKind = phone.Kind,
            Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            Language = language,
            Needs = needs,
            Plan = plan,
            Status = BookingStatus.Booked,
            Sequence = 0,
            CallCode = System.Security.Cryptography.RandomNumberGenerator.GetInt32(10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Moves an active booking to another bookable slot before its call has started.</summary>
    public void MoveTo(SlotCalendar calendar, Instant newStart, Instant now)
    {
        RequireChangeable(now);
        if (newStart == SlotStart)
        {
            throw new BookingRuleException(BookingProblem.SameSlot, "The booking is already at that time.");
        }
        var run = RequireBookable(calendar, newStart, now, Plan.Slots.Value);
        SlotStart = run[0].Start;
        SlotEnd = run[^1].End;
        Touch(now);
    }

    /// <summary>
    /// The citizen changed what would help them: a new plan from the rules, and a call that may now
    /// be longer or shorter at the same start. Seats are the caller's (database's) business.
    /// </summary>
    public void ChangeNeeds(SlotCalendar calendar, Needs needs, ContactPlan plan, Instant now)
    {
        RequireChangeable(now);
        RequireReachable(plan);
        var run = calendar.Run(SlotStart, plan.Slots.Value) ?? throw new SlotUnavailableException(SlotProblem.TooShort);
        Needs = needs;
        Plan = plan;
        SlotEnd = run[^1].End;
        Touch(now);
    }

    /// <summary>
    /// Removes what identifies the citizen (number, name, email, the named helper, the language they
    /// wrote in) once the call is long enough in the past; what remains is anonymous and feeds statistics.
    /// </summary>
    public void Erase(Instant now, Duration retention)
    {
        if (ErasedAt is not null)
        {
            return;
        }
        if (now < SlotEnd + retention)
        {
            throw new BookingRuleException(BookingProblem.NotYetErasable, $"Booking {Reference} is kept until {SlotEnd + retention}.");
        }
        PhoneE164 = ErasedPhone;
        Name = null;
        Email = null;
        Needs = Needs with { Proxy = null, OtherLanguage = Needs.OtherLanguage is null ? null : ErasedText };
        Plan = Plan with
        {
            InterpreterLanguage = Plan.InterpreterLanguage is null ? null : ErasedText,
            Hints = [.. Plan.Hints.Select(h => h with { Value = h.Value with { Detail = h.Value.Kind == AgentHint.CallLanguage ? h.Value.Detail : null } })],
        };
        ErasedAt = now;
    }

    /// <summary>What an erased number reads as: not a number anyone has.</summary>
    public const string ErasedPhone = "erased";
    private const string ErasedText = "erased";

    /// <summary>How many consecutive slots the call takes.</summary>
    public int SlotCount => Plan.Slots.Value;

    /// <summary>Cancels an active booking before its call has started; the seat is released by the caller.</summary>
    public void Cancel(Instant now)
    {
        RequireChangeable(now);
        Status = BookingStatus.Cancelled;
        CancelledAt = now;
        Touch(now);
    }

    private void RequireChangeable(Instant now)
    {
        if (!IsActive)
        {
            throw new BookingRuleException(BookingProblem.NotActive, $"Booking {Reference} is {Status} and can no longer be changed.");
        }
        if (now >= SlotStart)
        {
            throw new BookingRuleException(BookingProblem.CallAlreadyStarted, $"The call for booking {Reference} has already started.");
        }
    }

    private static IReadOnlyList<Slot> RequireBookable(SlotCalendar calendar, Instant start, Instant now, int slots)
    {
        var problem = calendar.Check(start, now, slots);
        if (problem != SlotProblem.None)
        {
            throw new SlotUnavailableException(problem);
        }
        return calendar.Run(start, slots)!;
    }

    private static void RequireReachable(ContactPlan plan)
    {
        if (!plan.Reachable)
        {
            throw new BookingRuleException(BookingProblem.Unreachable, "No channel reaches this citizen: " + string.Join(" ", plan.Refusal.Select(r => r.Because)));
        }
    }

    private void Touch(Instant now)
    {
        UpdatedAt = now;
        Sequence++;
    }
}

/// <summary>The chosen time cannot be booked, for the reason given.</summary>
public sealed class SlotUnavailableException(SlotProblem problem)
    : InvalidOperationException($"That time cannot be booked: {problem}.")
{
    public SlotProblem Problem { get; } = problem;
}
