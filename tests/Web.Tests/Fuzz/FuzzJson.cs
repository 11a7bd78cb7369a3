using System.Globalization;
using System.Text;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// JSON the fuzz test writes itself, so that it can write what a serializer would not: a key twice,
/// a lone surrogate as \uD800, a number too big for any type, nesting deeper than any reader allows.
/// </summary>
public abstract record FuzzJson
{
    public sealed record Obj(List<(string Key, FuzzJson Value)> Members) : FuzzJson;

    public sealed record Arr(List<FuzzJson> Items) : FuzzJson;

    public sealed record Str(string Value) : FuzzJson;

    /// <summary>Written as it is: numbers, true, false, null, or text that is not JSON at all.</summary>
    public sealed record Raw(string Text) : FuzzJson;

    public static Obj Object(params (string Key, FuzzJson Value)[] members) => new([.. members]);

    public static implicit operator FuzzJson(string value) => new Str(value);

    public static implicit operator FuzzJson(bool value) => new Raw(value ? "true" : "false");

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Write());

    public string Write()
    {
        var text = new StringBuilder();
        Write(this, text);
        return text.ToString();
    }

    private static void Write(FuzzJson json, StringBuilder text)
    {
        switch (json)
        {
            case Obj obj:
                text.Append('{');
                for (var i = 0; i < obj.Members.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    WriteString(obj.Members[i].Key, text);
                    text.Append(':');
                    Write(obj.Members[i].Value, text);
                }
                text.Append('}');
                break;
            case Arr arr:
                text.Append('[').AppendJoin(',', arr.Items.Select(i => i.Write())).Append(']');
                break;
            case Str str:
                WriteString(str.Value, text);
                break;
            case Raw raw:
                text.Append(raw.Text);
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < 0x20 || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        text.Append('"');
    }

    /// <summary>A value of any JSON type where the endpoint expects something else, or no JSON at all.</summary>
    public static FuzzJson AnyValue(Random random) => random.Next(12) switch
    {
        0 => new Raw(Hostile.Pick(random, ["0", "-1", "1e999", "99999999999999999999999", "1.5", "-0", "NaN", "0x10", "01"])),
        1 => new Raw(Hostile.Pick(random, ["true", "false", "null"])),
        2 => new Arr([Hostile.Any(random), new Raw("null")]),
        3 => Object(("x", Hostile.Any(random))),
        4 => new Raw(new string('[', 200) + new string(']', 200)),
        5 => new Raw(Hostile.Pick(random, ["undefined", "'single'", "\"unterminated", "{", "]", "tru", "\"\\x41\""])),
        _ => new Str(Hostile.Any(random)),
    };

    /// <summary>
    /// The object with hostile changes to members other than <paramref name="keep"/> (the case's poison,
    /// whose value must stay as it is): values replaced by any type, members dropped, repeated, added.
    /// </summary>
    public static Obj Mutate(Obj obj, Random random, string? keep)
    {
        var members = obj.Members.ToList();
        var changes = random.Next(0, 4);
        for (var n = 0; n < changes && members.Count > 0; n++)
        {
            var at = random.Next(members.Count);
            if (members[at].Key == keep)
            {
                continue;
            }
            switch (random.Next(5))
            {
                case 0:
                    members.RemoveAt(at);
                    break;
                case 1:
                    members.Insert(at, (members[at].Key, AnyValue(random)));
                    break;
                case 2:
                    members.Add((Hostile.Any(random), AnyValue(random)));
                    break;
                default:
                    members[at] = (members[at].Key, members[at].Value is Obj inner ? Mutate(inner, random, null) : AnyValue(random));
                    break;
            }
        }
        return new Obj(members);
    }

    /// <summary>Something that is not the object at all: broken text, another type, or absurd nesting.</summary>
    public static string NotTheObject(Random random) => random.Next(8) switch
    {
        0 => "",
        1 => "null",
        2 => "[]",
        3 => "\"a string\"",
        4 => "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}",
        5 => "{\"slotStart\":\"2026-12-03T10:00:00+01:00\"",
        6 => string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100),
        _ => "{" + string.Join(',', Enumerable.Range(0, 3000).Select(i => $"\"k{i.ToString(CultureInfo.InvariantCulture)}\":{i.ToString(CultureInfo.InvariantCulture)}")) + "}",
    };
}
