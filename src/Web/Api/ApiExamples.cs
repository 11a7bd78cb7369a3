using Allo.Domain.Contact;
using static Allo.Web.Api.BookingApi;

namespace Allo.Web.Api;

/// <summary>
/// The OpenAPI document's examples, built from the API's own records so that an example cannot
/// drift from the shape it illustrates (a renamed member fails to compile here).
/// </summary>
public static class ApiExamples
{
    private const string Start = "2026-12-02T10:00:00+01:00";

    public static readonly SlotDto[] Slots = [new(Start, "2026-12-02T10:15:00+01:00", 3), new("2026-12-02T10:15:00+01:00", "2026-12-02T10:30:00+01:00", 4)];

    public static readonly BookingRequest Booking = new(Start, "+32 470 12 34 56", "fr", "Marie Dubois", "marie@example.be", new NeedsDto(Sight: true, Partner: "Jean Dubois"), [Channel.Voice]);

    public static readonly ContactPlanRequest PlanRequest = new("02 572 57 57", "nl", null, new NeedsDto(MoreTime: true, PrefersCall: true), null);

    public static readonly RescheduleRequest Move = new("2026-12-02T11:00:00+01:00");

    private static ReasonDto Reason(string rule, string because) => new(rule, because);

    public static readonly ContactPlanDto Plan = new(
        true,
        new([new Message(Channel.Sms, Recipient.Citizen), new Message(Channel.Email, Recipient.Citizen)], [Reason("messages.sms-and-email", "We send a text message and an email.")]),
        new([new Reminder(ReminderTime.DayBefore, Channel.Sms, Recipient.Citizen), new Reminder(ReminderTime.HourBefore, Channel.Sms, Recipient.Citizen)], [Reason("reminders.standard", "We remind you the evening before and an hour before.")]),
        new([Channel.Sms, Channel.Email], [Reason("channels.order", "If a text message does not arrive, we write by email.")]),
        new([new Message(Channel.Sms, Recipient.Citizen)], [Reason("heads-up.sms", "A few minutes before the call, a text message says the agent's code.")]),
        new(CallbackMode.Voice, [Reason("callback.voice", "An agent calls your number.")]),
        new("fr", [Reason("language.chosen", "We write to you and call you in the language you chose.")]),
        null,
        new(MessageStyle.Standard, []),
        new(2, [Reason("slots.one", "A call takes one slot."), Reason("slots.joint-return", "You file a joint return with your partner, who is on the call too, so your call takes one slot more.")]),
        [
            new(new Hint(AgentHint.NoVisualReferences), [Reason("hint.sight", "You see poorly: the agent describes nothing by its look.")]),
            new(new Hint(AgentHint.JointReturn, "Jean Dubois"), [Reason("hint.joint-return", "Two taxpayers are on this call for their joint return: at the start, check that you speak with both, and that both agree.")]),
        ],
        []);

    public static readonly ContactPlanDto RefusedPlan = new(
        false, null, null, null, null, null, null, null, null, null, null,
        [Reason("callback.unreachable-for-hearing", "You are deaf or hard of hearing and nothing we have reaches you: give a mobile number or an email address, or someone who can take the call with you.")]);

    public static readonly BookingDto Booked = new(
        "K7M4QX", "mA9c…(43 characters)", Start, "2026-12-02T10:30:00+01:00", "Booked", "fr", "+32470123456", "Mobile",
        "Marie Dubois", "marie@example.be", new NeedsDto(Sight: true, Partner: "Jean Dubois"), 0, Plan);

    public static readonly BookingDto Read = Booked with { ManageToken = null };

    public static readonly BookingDto Moved = Read with { Start = "2026-12-02T11:00:00+01:00", End = "2026-12-02T11:30:00+01:00", Sequence = 1 };

    public static readonly BookingDto Cancelled = Moved with { Status = "Cancelled", Sequence = 2 };

    /// <summary>An example answer for a problem type, with the members that type carries.</summary>
    public static Dictionary<string, object> Problem(string type, int status)
    {
        var problem = new Dictionary<string, object> { ["type"] = type, ["title"] = ProblemTypes.Meaning[type], ["status"] = status };
        switch (type)
        {
            case ProblemTypes.InvalidField:
                problem["errors"] = new Dictionary<string, string[]> { ["phone"] = ["Enter a phone number, like 0470 12 34 56."] };
                break;
            case ProblemTypes.SlotFull:
                problem["alternatives"] = Slots;
                break;
            case ProblemTypes.Unreachable:
                problem["reasons"] = RefusedPlan.Refusal;
                break;
        }
        problem["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        return problem;
    }
}
