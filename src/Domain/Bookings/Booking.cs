using Allo.Domain.Calls;
using Allo.Domain.Contact;
using Allo.Domain.Slots;
using NodaTime;

namespace Allo.Domain.Bookings;

/// <summary>
/// A citizen's phone-help callback. Its state only changes through the guarded methods below,
/// each of which takes the current instant rather than reading a clock.
/// </summary>
public sealed partial class Booking
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
    public FrontEnd FrontEnd { get; private set; }
    public Instant CreatedAt { get; private set; }
    public Instant UpdatedAt { get; private set; }
    public Instant? CancelledAt { get; private set; }

    /// <summary>When the callback entered the agents' queue (its slot time, or when the queue job saw it).</summary>
    public Instant? QueuedAt { get; private set; }
    /// <summary>When the next try is due: the slot start, or later after no answer.</summary>
    public Instant? NextTryAt { get; private set; }
    /// <summary>Tries recorded so far.</summary>
    public int CallAttempts { get; private set; }
    /// <summary>The agent who holds the callback, until <see cref="ClaimExpiresAt"/>; only they see the number.</summary>
    public string? ClaimedBy { get; private set; }
    public Instant? ClaimExpiresAt { get; private set; }
    /// <summary>When the call ended with its final outcome.</summary>
    public Instant? ClosedAt { get; private set; }

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
        string manageTokenHash,
        FrontEnd frontEnd = FrontEnd.Web)
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
            FrontEnd = frontEnd,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// A seat held for a citizen on the waitlist (docs/decisions/0031-the-waitlist.md): a booking in
    /// waiting, so the seat ledger and its database rule hold the seat like any other. It is not
    /// active: it is not the number's booking, and no agent sees it until <see cref="AcceptOffer"/>.
    /// </summary>
    public static Booking Offer(
        SlotCalendar calendar, Instant slotStart, Instant now, PhoneNumber phone, Language language, string? name, string? email,
        Needs needs, ContactPlan plan, BookingReference reference, string manageTokenHash, FrontEnd frontEnd)
    {
        var offer = Book(calendar, slotStart, now, phone, language, name, email, needs, plan, reference, manageTokenHash, frontEnd);
        offer.Status = BookingStatus.Offered;
        return offer;
    }

    /// <summary>The citizen said yes: the held seat is their booking from now on, with its own confirmation.</summary>
    public void AcceptOffer(Instant now)
    {
        if (now >= SlotStart)
        {
            throw new BookingRuleException(BookingProblem.CallAlreadyStarted, $"The call for booking {Reference} has already started.");
        }
        TransitionTo(BookingStatus.Booked);
        CreatedAt = now;
        Touch(now);
    }

    /// <summary>The offer expired, was declined or withdrawn; the seat is given back by the caller.</summary>
    public void LapseOffer(Instant now)
    {
        TransitionTo(BookingStatus.OfferLapsed);
        Touch(now);
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
        TransitionTo(BookingStatus.Booked);
        SlotStart = run[0].Start;
        SlotEnd = run[^1].End;
        // An agent who planned this call at the old time no longer holds it.
        ClearClaim();
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
        // An open call is its number's one active booking: erased, it would share the erased number with
        // every other open one under the rule of one active booking per number. Its day's end closes it first.
        if (IsActive)
        {
            throw new BookingRuleException(BookingProblem.NotYetErasable, $"Booking {Reference} is still open; it is erased once its call is closed.");
        }
        PhoneE164 = ErasedPhone;
        Name = null;
        Email = null;
        Needs = Erased(Needs);
        Plan = Erased(Plan);
        ErasedAt = now;
    }

    // What is left of needs and a plan once personal data goes: which needs there were (the managers'
    // figures count them), not the names, numbers and languages that tell who it was. A waitlist entry
    // is erased the same way.
    internal static Needs Erased(Needs needs) =>
        needs with { Proxy = null, PartnerName = null, OtherLanguage = needs.OtherLanguage is null ? null : ErasedText };

    internal static ContactPlan Erased(ContactPlan plan) => plan with
    {
        InterpreterLanguage = plan.InterpreterLanguage is null ? null : ErasedText,
        Hints = [.. plan.Hints.Select(h => h with { Value = h.Value with { Detail = h.Value.Kind == AgentHint.CallLanguage ? h.Value.Detail : null } })],
    };

    /// <summary>What an erased number reads as: not a number anyone has.</summary>
    public const string ErasedPhone = "erased";
    private const string ErasedText = "erased";

    /// <summary>How many consecutive slots the call takes.</summary>
    public int SlotCount => Plan.Slots.Value;

    /// <summary>Cancels an active booking before its call has started; the seat is released by the caller.</summary>
    public void Cancel(Instant now)
    {
        RequireChangeable(now);
        TransitionTo(BookingStatus.Cancelled);
        CancelledAt = now;
        ClearClaim();
        Touch(now);
    }

    /// <summary>Due for a call at <paramref name="now"/>: its slot has started, and a second try's time has come.</summary>
    public bool IsDue(Instant now) => IsActive && now >= SlotStart && (NextTryAt is null || now >= NextTryAt);

    /// <summary>Held by <paramref name="agentId"/> right now.</summary>
    public bool IsClaimedBy(string agentId, Instant now) => ClaimedBy == agentId && ClaimExpiresAt > now;

    /// <summary>Held by another agent whose claim has not expired.</summary>
    public bool IsClaimedByOther(string agentId, Instant now) => ClaimedBy is not null && ClaimedBy != agentId && ClaimExpiresAt > now;

    /// <summary>The slot time has come: the callback enters the agents' queue.</summary>
    public void EnterQueue(Instant now)
    {
        if (now < SlotStart)
        {
            throw new BookingRuleException(BookingProblem.NotDue, $"Booking {Reference} is not due before {SlotStart}.");
        }
        if (Status != BookingStatus.Booked)
        {
            throw new BookingRuleException(BookingProblem.IllegalTransition, $"Booking {Reference} is {Status}; only a booked call enters the queue.");
        }
        TransitionTo(BookingStatus.Queued);
        QueuedAt = now;
        NextTryAt = SlotStart;
    }

    /// <summary>
    /// An agent takes the callback, now or ahead of its time, and holds it until the slot start (or
    /// now, if later) plus the policy's hold; then it returns to the queue unless they claim it again.
    /// An expired claim of another agent can be taken over; a live one cannot.
    /// </summary>
    public void Claim(string agentId, Instant now, CallPolicy policy)
    {
        if (!IsActive)
        {
            throw new BookingRuleException(BookingProblem.NotActive, $"Booking {Reference} is {Status}; there is nothing to call.");
        }
        if (IsClaimedByOther(agentId, now))
        {
            throw new BookingRuleException(BookingProblem.ClaimedByOther, $"Booking {Reference} is held by another agent until {ClaimExpiresAt}.");
        }
        ClaimedBy = agentId;
        ClaimExpiresAt = Instant.Max(now, SlotStart) + policy.ClaimHold;
    }

    /// <summary>The agent gives the callback back to the queue.</summary>
    public void Release(string agentId)
    {
        if (ClaimedBy != agentId)
        {
            throw new BookingRuleException(BookingProblem.NotClaimed, $"Booking {Reference} is not held by this agent.");
        }
        ClearClaim();
    }

    /// <summary>
    /// How the try went, recorded by the agent who holds the callback (or held it, if nobody took it
    /// over since). No answer sends the callback back to the queue for the policy's next try, and
    /// closes it as unreached after the last; the other outcomes close it. Another time is
    /// <see cref="Reschedule"/>, because it needs the new time.
    /// </summary>
    public CallRecord RecordOutcome(CallOutcome outcome, string agentId, string? note, Instant now, CallPolicy policy)
    {
        if (outcome == CallOutcome.AnotherTime)
        {
            throw new ArgumentException("Another time needs the new slot: use Reschedule.", nameof(outcome));
        }
        RequireCallable(agentId, now);
        CallAttempts++;
        var record = CallRecord.For(Id, CallAttempts, outcome, agentId, note, now);
        switch (outcome)
        {
            case CallOutcome.NoAnswer when CallAttempts < policy.Tries:
                TransitionTo(BookingStatus.Queued);
                QueuedAt ??= now;
                NextTryAt = policy.NextTry(now, SlotEnd);
                ClearClaim();
                return record;
            case CallOutcome.NoAnswer:
                Close(BookingStatus.Unreached, now);
                return record;
            case CallOutcome.Helped:
                Close(BookingStatus.Helped, now);
                return record;
            case CallOutcome.WrongNumber:
                Close(BookingStatus.WrongNumber, now);
                return record;
            default:
                Close(BookingStatus.NeedsFollowUp, now);
                return record;
        }
    }

    /// <summary>
    /// The citizen, on the phone, asks for another time: the agent who holds the call moves it to a
    /// bookable slot, and it starts again as a booked call with fresh tries (and fresh reminders).
    /// </summary>
    public CallRecord Reschedule(SlotCalendar calendar, Instant newStart, string agentId, string? note, Instant now)
    {
        RequireCallable(agentId, now);
        if (newStart == SlotStart)
        {
            throw new BookingRuleException(BookingProblem.SameSlot, "The booking is already at that time.");
        }
        var run = RequireBookable(calendar, newStart, now, Plan.Slots.Value);
        var record = CallRecord.For(Id, CallAttempts + 1, CallOutcome.AnotherTime, agentId, note, now);
        TransitionTo(BookingStatus.Booked);
        SlotStart = run[0].Start;
        SlotEnd = run[^1].End;
        QueuedAt = null;
        NextTryAt = null;
        CallAttempts = 0;
        ClearClaim();
        Touch(now);
        return record;
    }

    private void RequireCallable(string agentId, Instant now)
    {
        if (!IsActive)
        {
            throw new BookingRuleException(BookingProblem.NotActive, $"Booking {Reference} is {Status}; its call is over.");
        }
        if (now < SlotStart)
        {
            throw new BookingRuleException(BookingProblem.NotDue, $"The call for booking {Reference} is not due before {SlotStart}.");
        }
        if (ClaimedBy != agentId)
        {
            throw new BookingRuleException(BookingProblem.NotClaimed, $"Booking {Reference} is not held by this agent.");
        }
    }

    private void Close(BookingStatus status, Instant now)
    {
        TransitionTo(status);
        ClosedAt = now;
        NextTryAt = null;
        ClearClaim();
        // Anything still waiting for the open call (a late heads-up) is now stale and never sent.
        Touch(now);
    }

    private void ClearClaim()
    {
        ClaimedBy = null;
        ClaimExpiresAt = null;
    }

    private void TransitionTo(BookingStatus next)
    {
        if (!Status.CanBecome(next))
        {
            throw new BookingRuleException(BookingProblem.IllegalTransition, $"Booking {Reference} cannot go from {Status} to {next}.");
        }
        Status = next;
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
