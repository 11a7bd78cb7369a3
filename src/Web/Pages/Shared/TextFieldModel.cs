namespace Allo.Web.Pages.Shared;

/// <summary>One GOV.UK text input with its label, hint and error, rendered by _TextField.</summary>
public sealed record TextFieldModel(string Id, string Label, string? Value)
{
    public string? Hint { get; init; }
    public string? Error { get; init; }
    public string Type { get; init; } = "text";
    public string? Autocomplete { get; init; }
    public string WidthClass { get; init; } = "govuk-!-width-two-thirds";
    public bool LabelIsHeading { get; init; }
    public string? InputMode { get; init; }
}
