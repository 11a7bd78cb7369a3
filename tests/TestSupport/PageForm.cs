using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Xunit;

namespace Allo.TestSupport;

/// <summary>
/// One form of a page as a browser without JavaScript holds it: its controls start with the values
/// the server rendered, the test changes them the way a person could, and submitting sends what
/// the HTML standard's form submission sends.
/// </summary>
public sealed class PageForm
{
    private readonly FormClient _client;
    private readonly IHtmlFormElement _form;
    private readonly string? _button;
    private readonly Dictionary<string, string> _forged = [];

    internal PageForm(FormClient client, IHtmlFormElement form, string? button)
    {
        _client = client;
        _form = form;
        _button = button;
    }

    /// <summary>
    /// Types into a text field or text area, picks a select's option, chooses the radio button with
    /// that value, or ticks the checkbox with that value. A field the form does not have, a hidden
    /// one, or a value no radio, checkbox or option offers fails the test.
    /// </summary>
    public PageForm Set(string name, string value)
    {
        var controls = Controls(name);
        // ASP.NET puts a hidden twin after a checkbox; the person sees the checkbox.
        var control = controls.FirstOrDefault(c => c is not IHtmlInputElement { Type: "hidden" }) ?? controls[0];
        switch (control)
        {
            case IHtmlInputElement { Type: "radio" or "checkbox" }:
                return Check(name, value);
            case IHtmlInputElement { Type: "hidden" }:
                Assert.Fail($"'{name}' is a hidden field of {Describe(_form)}: a person cannot change it (Forge does, for a crafted request).");
                break;
            case IHtmlInputElement input:
                input.Value = value;
                break;
            case IHtmlTextAreaElement area:
                area.Value = value;
                break;
            case IHtmlSelectElement select:
                var option = select.Options.FirstOrDefault(o => o.Value == value);
                Assert.True(option is not null, $"'{name}' offers no option '{value}': {string.Join(", ", select.Options.Select(o => o.Value))}");
                foreach (var other in select.Options)
                {
                    other.IsSelected = other == option;
                }
                break;
            default:
                Assert.Fail($"'{name}' in {Describe(_form)} is a {control.LocalName}, which a person does not type into.");
                break;
        }
        return this;
    }

    public PageForm Set(params (string Name, string Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            Set(name, value);
        }
        return this;
    }

    /// <summary>Ticks the checkbox (or chooses the radio button) <paramref name="name"/>, the one with <paramref name="value"/> if there are several.</summary>
    public PageForm Check(string name, string? value = null)
    {
        var box = Box(name, value);
        if (box.Type == "radio")
        {
            foreach (var other in Controls(name).OfType<IHtmlInputElement>())
            {
                other.IsChecked = false;
            }
        }
        box.IsChecked = true;
        return this;
    }

    /// <summary>Unticks the checkbox <paramref name="name"/> (the one with <paramref name="value"/> if there are several).</summary>
    public PageForm Uncheck(string name, string? value = null)
    {
        var box = Box(name, value);
        Assert.True(box.Type == "checkbox", $"'{name}' is a radio button: a person chooses another one instead of unticking it.");
        box.IsChecked = false;
        return this;
    }

    /// <summary>
    /// Sends <paramref name="value"/> for <paramref name="name"/> whatever the form offers: what a
    /// crafted request or a page kept open too long sends, for tests of the server's own checks.
    /// </summary>
    public PageForm Forge(string name, string value)
    {
        _forged[name] = value;
        return this;
    }

    /// <summary>Presses the button this form was found by, else its first submit button (what Enter does).</summary>
    public Task<string> SubmitAsync()
    {
        var (method, target, fields) = Submission();
        return _client.SendAsync(method, target, fields);
    }

    /// <summary>
    /// What pressing the button would send — method, address and fields in order — without sending it:
    /// for tests that then send something else (the fuzz test's mutations).
    /// </summary>
    public (HttpMethod Method, Uri Target, List<KeyValuePair<string, string>> Fields) Submission()
    {
        var buttons = SubmitButtons(_form).ToList();
        var submitter = _button is null ? buttons.FirstOrDefault() : buttons.First(b => Names(b, _button));
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in _form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null)
            {
                continue;
            }
            switch (element)
            {
                case IHtmlButtonElement or IHtmlInputElement { Type: "submit" or "image" or "reset" or "button" }:
                    if (element == submitter)
                    {
                        fields.Add(new(name, element.GetAttribute("value") ?? ""));
                    }
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        fields.Add(new(name, box.GetAttribute("value") ?? "on"));
                    }
                    break;
                case IHtmlInputElement { Type: "file" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    var selected = select.Options.Where(o => o.IsSelected).ToList();
                    if (selected.Count == 0 && !select.IsMultiple && select.Options.Length > 0)
                    {
                        selected.Add(select.Options[0]!);
                    }
                    fields.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
            }
        }
        foreach (var (name, value) in _forged)
        {
            var at = fields.FindIndex(f => f.Key == name);
            fields.RemoveAll(f => f.Key == name);
            fields.Insert(at < 0 ? fields.Count : at, new(name, value));
        }

        var action = submitter?.GetAttribute("formaction") ?? _form.GetAttribute("action");
        var method = submitter?.GetAttribute("formmethod") ?? _form.GetAttribute("method");
        // An empty or missing action is the page's own address, query included.
        var target = string.IsNullOrEmpty(action) ? _client.Location! : new Uri(_client.Location!, action);
        return (string.Equals(method, "get", StringComparison.OrdinalIgnoreCase) ? HttpMethod.Get : HttpMethod.Post, target, fields);
    }

    internal static IEnumerable<IElement> SubmitButtons(IHtmlFormElement form) =>
        form.Elements.Where(e => e is IHtmlButtonElement { Type: "submit" } or IHtmlInputElement { Type: "submit" or "image" });

    internal static bool Names(IElement button, string wanted) =>
        button.Id == wanted || button.GetAttribute("name") == wanted || Label(button) == wanted;

    internal static string Describe(IHtmlFormElement form) =>
        $"form {form.GetAttribute("action") ?? "(this page)"} with fields [{string.Join(", ", form.Elements.Select(e => e.GetAttribute("name")).Where(n => !string.IsNullOrEmpty(n)).Distinct())}]" +
        $" and buttons [{string.Join(", ", SubmitButtons(form).Select(b => b.Id ?? Label(b)))}]";

    private static string Label(IElement button) =>
        string.Join(' ', (button is IHtmlInputElement input ? input.Value : button.TextContent).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private List<IElement> Controls(string name)
    {
        var controls = _form.Elements.Where(e => e.GetAttribute("name") == name).Cast<IElement>().ToList();
        Assert.True(controls.Count > 0, $"The test names '{name}', but {Describe(_form)} has no such field.");
        return controls;
    }

    private IHtmlInputElement Box(string name, string? value)
    {
        var boxes = Controls(name).OfType<IHtmlInputElement>().Where(i => i.Type is "checkbox" or "radio").ToList();
        Assert.True(boxes.Count > 0, $"'{name}' in {Describe(_form)} is not a checkbox or radio button.");
        var box = value is null && boxes.Count == 1 ? boxes[0] : boxes.FirstOrDefault(b => (b.GetAttribute("value") ?? "on") == value);
        Assert.True(box is not null, $"'{name}' offers no choice '{value}': {string.Join(", ", boxes.Select(b => b.GetAttribute("value")))}");
        return box;
    }
}
