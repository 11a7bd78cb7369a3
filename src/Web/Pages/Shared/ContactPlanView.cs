using Allo.Domain.Bookings;
using Allo.Domain.Contact;

namespace Allo.Web.Pages.Shared;

/// <summary>A contact plan with what the page needs to put it in plain words.</summary>
public sealed record ContactPlanView(ContactPlan Plan, Needs Needs, string? ChangeUrl)
{
    /// <summary>Every reason once, in the order the rules gave them.</summary>
    public IEnumerable<Reason> Reasons =>
        Plan.Decisions().SelectMany(d => d.Reasons).Where(r => !r.RuleId.StartsWith("hint.", StringComparison.Ordinal)).DistinctBy(r => r.RuleId);
}

/// <summary>A check page's plan from the draft's answers (null while they are not enough), with the needs it names.</summary>
public sealed record DraftPlanView(ContactPlan? Plan, Needs Needs);
