using Allo.Scheduler.Bookings;

namespace Allo.Web.Pages.Shared;

/// <summary>The "what would help you" questions, for booking and for changing how we contact you.</summary>
public sealed record NeedsFieldsModel(NeedsInput Needs, string Heading)
{
    public static readonly string[] Checkboxes = ["Hearing", "Sight", "Reading", "MoreTime", "Speech", "PrefersCall", "PrefersText"];

    /// <summary>The messages a citizen can refuse: recorded for their number, and lifted only by a new choice or START.</summary>
    public static readonly string[] OptOuts = ["NoTexts", "NoRecordedCalls"];

    public bool IsChecked(string name) => (bool)typeof(NeedsInput).GetProperty(name)!.GetValue(Needs)!;
}
