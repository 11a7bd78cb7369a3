using System.Globalization;
using System.Text;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// One hostile request, built byte by byte so that it can hold what a well-behaved client cannot
/// send: half a surrogate pair on the wire, a key twice, a field missing, a body that is not what
/// its content type says.
/// </summary>
public sealed record FuzzRequest(HttpMethod Method, string Url, byte[]? Body = null, string? ContentType = null)
{
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>Which browser sends it (its cookies: a draft, a staff sign-in); null for a client without cookies.</summary>
    public string? Browser { get; init; }

    /// <summary>The poison: the one field whose value alone makes the request change nothing.</summary>
    public string? Poison { get; init; }

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    public string Describe() =>
        $"{Method} {Printable(Url, 400)}"
        + (ContentType is null ? "" : $" [{ContentType}]")
        + string.Concat(Headers.Select(h => $" {h.Name}: {Printable(h.Value, 120)}"))
        + (Body is null ? "" : $" body ({Body.Length} bytes): {Printable(Encoding.UTF8.GetString(Body), 600)}")
        + (Poison is null ? "" : $" — poison: {Poison}");

    /// <summary>Fields as application/x-www-form-urlencoded, in order, duplicates kept.</summary>
    public static byte[] Form(IEnumerable<KeyValuePair<string, string>> fields) =>
        Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => Escape(f.Key) + "=" + Escape(f.Value))));

    /// <summary>
    /// A path segment: like <see cref="Escape"/>, but a NUL becomes U+0001. A NUL in the path never
    /// reaches the app — Kestrel refuses such a request line with 400, and the test server throws.
    /// </summary>
    public static string EscapePath(string text) => Escape(text.Replace('\0', '\u0001'));

    /// <summary>
    /// Percent-encodes UTF-8, and writes a lone surrogate as the three bytes a careless encoder would
    /// (ED A0 80 for U+D800): invalid UTF-8, which the server must read without failing.
    /// </summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            if (codePoint < 0x80 && (char.IsAsciiLetterOrDigit((char)codePoint) || "-._~".Contains((char)codePoint)))
            {
                result.Append((char)codePoint);
                continue;
            }
            foreach (var b in Utf8(codePoint))
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return result.ToString();
    }

    /// <summary>UTF-8 of a code point, surrogates included (generalised UTF-8, as some encoders write them).</summary>
    public static byte[] Utf8(int codePoint) => codePoint switch
    {
        < 0x80 => [(byte)codePoint],
        < 0x800 => [(byte)(0xC0 | (codePoint >> 6)), (byte)(0x80 | (codePoint & 0x3F))],
        < 0x10000 => [(byte)(0xE0 | (codePoint >> 12)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
        _ => [(byte)(0xF0 | (codePoint >> 18)), (byte)(0x80 | ((codePoint >> 12) & 0x3F)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
    };

    /// <summary>The text with what cannot be printed written as \uXXXX, cut to <paramref name="max"/> characters.</summary>
    public static string Printable(string text, int max)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' ? $"\\u{(int)c:X4}" : c.ToString());
        }
        return text.Length > max ? $"{shown}… ({text.Length} characters)" : shown.ToString();
    }
}
