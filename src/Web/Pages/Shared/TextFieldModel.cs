namespace Allo.Web.Pages.Shared;

/// <summary>One GOV.UK text input with its label, hint and error, rendered by _TextField.</summary>
public sealed record TextFieldModel(string Id, string Label, string? Value)
{
    public string? Hint { get; init; }
    public string? Error { get; init; }
    public string Type { get; init; } = "text";
    public string? Autocomplete { get; init; }
    // A date field keeps room for its year and picker button, whatever column it stands in.
    public string WidthClass { get => _widthClass ?? (Type == "date" ? "allo-input--date" : "govuk-!-width-two-thirds"); init => _widthClass = value; }
    private readonly string? _widthClass;
    public bool LabelIsHeading { get; init; }
    public string? InputMode { get; init; }
}
