using System.Net;
using System.Text;
using Allo.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// A form of a page, read with the no-JS client as a browser renders it, then sent back mutated:
/// values replaced by hostile ones, fields dropped, repeated or added, the body in another encoding,
/// the antiforgery token or the address's keys broken. One field (or the token, or the address) is
/// the case's poison, so that the form refuses the whole request.
/// </summary>
public sealed class FormTarget(string name, string browser, Func<FuzzWorld, string> page, Func<FormClient, FuzzWorld, PageForm> form, params FieldSpec[] fields)
    : FuzzTarget(name)
{
    public const string Antiforgery = "__RequestVerificationToken";

    /// <summary>Keys of the form's address (the manage link's ref and token) that can be the poison.</summary>
    public string[] AddressKeys { get; init; } = [];

    /// <summary>An id in the address's path (the callback's) that can be the poison: another id is another call, which this agent does not hold.</summary>
    public Func<FuzzWorld, Guid>? PathId { get; init; }

    /// <summary>
    /// The form changes nothing even when every field is right (a filter, the check page of a draft
    /// whose number already has its call), so a case may carry no poison at all.
    /// </summary>
    public bool Harmless { get; init; }

    public static PageForm Only(FormClient page, FuzzWorld world) => page.Form();

    public static Func<FormClient, FuzzWorld, PageForm> Button(string button) => (page, _) => page.Form(button);

    public static Func<FormClient, FuzzWorld, PageForm> Holding(Func<FuzzWorld, Guid> id) => (page, world) => page.Form(holding: ("id", id(world).ToString()));

    public override async Task<object?> PrepareAsync(FuzzWorld world)
    {
        var client = world.Page(browser);
        var url = page(world);
        await client.GetAsync(url);
        if (client.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{Name}: GET {url} as {browser} answered {(int)client.Status}, so there is no form to fuzz: {FuzzRequest.Printable(client.Text, 400)}");
        }
        return form(client, world).Submission();
    }

    public override FuzzRequest Make(FuzzWorld world, object? prepared, Random random)
    {
        var (method, target, original) = ((HttpMethod, Uri, List<KeyValuePair<string, string>>))prepared!;
        var values = original.ToList();
        var present = fields.Where(f => f.Poisonable).ToList();
        var roll = random.Next(100);
        FieldSpec? poison = null;
        string? poisonText = null;
        var url = target.PathAndQuery;
        if (present.Count > 0 && roll < 80)
        {
            poison = Hostile.Pick(random, present);
        }
        else if (Harmless && roll < 92)
        {
            poisonText = "none: the form changes nothing even when it is right";
        }
        else if ((AddressKeys.Length > 0 || PathId is not null) && (roll < 92 || method == HttpMethod.Get))
        {
            (url, poisonText) = PoisonAddress(world, url, random);
        }
        else if (method == HttpMethod.Post)
        {
            var broken = random.Next(3) == 0 ? null : Hostile.Any(random);
            Replace(values, Antiforgery, broken);
            poisonText = $"{Antiforgery} = {(broken is null ? "(left out)" : FuzzRequest.Printable(broken, 60))}";
        }
        else if (present.Count > 0)
        {
            poison = Hostile.Pick(random, present);
        }

        MutateOthers(values, random, poison?.Name);
        if (poison is not null)
        {
            var wrong = Hostile.WrongFor(poison, random);
            if (poison.EmptyIsValid && string.IsNullOrWhiteSpace(wrong))
            {
                wrong = "x" + wrong + "\0";
            }
            if (poison.Requires is { } box)
            {
                Replace(values, box, "true");
            }
            Replace(values, poison.Name, wrong);
            poisonText = $"{poison.Name} = {FuzzRequest.Printable(wrong, 80)}";
        }
        if (random.Next(20) == 0)
        {
            url = QueryHelpers.AddQueryString(url, Hostile.Pick(random, ["lang", "handler", "change", "week"]), Hostile.Any(random));
        }
        if (method == HttpMethod.Get)
        {
            var query = Encoding.ASCII.GetString(FuzzRequest.Form(values));
            return new FuzzRequest(HttpMethod.Get, url.Split('?')[0] + "?" + query) { Browser = browser, Poison = poisonText };
        }
        var (body, contentType) = Encode(values, random);
        return new FuzzRequest(HttpMethod.Post, url, body, contentType) { Browser = browser, Poison = poisonText };
    }

    private (string Url, string Poison) PoisonAddress(FuzzWorld world, string url, Random random)
    {
        var key = new FieldSpec("address", FieldKind.Key);
        if (PathId is { } id && (AddressKeys.Length == 0 || random.Next(2) == 0))
        {
            var other = Hostile.RandomGuid(random).ToString();
            return (url.Replace(id(world).ToString(), other, StringComparison.OrdinalIgnoreCase), $"path id = {other}");
        }
        var name = Hostile.Pick(random, AddressKeys);
        var wrong = Hostile.WrongFor(key, random);
        var path = url.Split('?')[0];
        var query = QueryHelpers.ParseQuery(url.Contains('?') ? url[url.IndexOf('?')..] : "");
        var rebuilt = query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, q.Key == name ? wrong : v ?? ""))).ToList();
        return ($"{path}?{Encoding.ASCII.GetString(FuzzRequest.Form(rebuilt))}", $"address {name} = {FuzzRequest.Printable(wrong, 60)}");
    }

    private static void MutateOthers(List<KeyValuePair<string, string>> values, Random random, string? keep)
    {
        for (var i = values.Count - 1; i >= 0; i--)
        {
            var key = values[i].Key;
            if (key == keep || key == Antiforgery || random.Next(4) != 0)
            {
                continue;
            }
            switch (random.Next(4))
            {
                case 0:
                    values.RemoveAt(i);
                    break;
                case 1:
                    values.Insert(i + 1, new(key, Hostile.Any(random)));
                    break;
                default:
                    values[i] = new(key, Hostile.Any(random));
                    break;
            }
        }
        if (random.Next(6) == 0)
        {
            values.Insert(random.Next(values.Count + 1), new(Hostile.Any(random) is { Length: > 0 } k && k != keep ? k : "extra", Hostile.Any(random)));
        }
    }

    /// <summary>The poison exactly once, where the form had it (or at the end).</summary>
    private static void Replace(List<KeyValuePair<string, string>> values, string key, string? value)
    {
        var at = values.FindIndex(v => v.Key == key);
        values.RemoveAll(v => v.Key == key);
        if (value is not null)
        {
            values.Insert(at < 0 ? values.Count : at, new(key, value));
        }
    }

    /// <summary>Mostly the form as a browser encodes it; now and then something a browser never sends.</summary>
    private static (byte[] Body, string ContentType) Encode(List<KeyValuePair<string, string>> values, Random random)
    {
        const string form = "application/x-www-form-urlencoded";
        switch (random.Next(40))
        {
            case 0:
                return (FuzzRequest.Form(values), "text/plain");
            case 1:
                return (FuzzRequest.Form(values), "multipart/form-data; boundary=");
            case 2:
                return (Encoding.UTF8.GetBytes("{\"" + string.Join("\",\"", values.Select(v => v.Key)) + "\":1}"), "application/json");
            case 3:
                return (FuzzRequest.Form(values.Concat(Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"k{i}", "v")))), form);
            case 4:
                return (FuzzRequest.Form(values.Append(new(new string('k', 3000), "v"))), form);
            case 5 when random.Next(8) == 0:
                return (FuzzRequest.Form(values.Append(new("huge", new string('a', (4 * 1024 * 1024) + 10)))), form);
            case 6:
                return (Encoding.ASCII.GetBytes("%%%=&=%ZZ&" + Encoding.ASCII.GetString(FuzzRequest.Form(values)) + "&%"), form + "; charset=utf-7");
            default:
                return (FuzzRequest.Form(values), form);
        }
    }
}
