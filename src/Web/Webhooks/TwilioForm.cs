using System.Text;
using System.Text.RegularExpressions;
using Allo.Domain.Texting;
using Allo.Domain;
using Allo.Scheduler.Messaging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Twilio.Security;

namespace Allo.Web.Webhooks;

/// <summary>What reading a Twilio webhook's form gave.</summary>
public abstract record TwilioRequest
{
    /// <summary>Twilio's, signed, and every field as Twilio writes it.</summary>
    public sealed record Valid(TwilioForm Form) : TwilioRequest;

    /// <summary>
    /// Signed with our token, but a field is not what Twilio sends (a character nobody types, a Sid
    /// not in Twilio's format): a replayed signature bent into a new request, or a bug. Answered
    /// politely by the endpoint; nothing is done.
    /// </summary>
    public sealed record Malformed(TwilioForm Form, string Problem) : TwilioRequest;

    /// <summary>Not Twilio's, or not a form we read: refused with this status before anything is done.</summary>
    public sealed record Refused(int Status, string Problem) : TwilioRequest;
}

/// <summary>
/// The one way every Twilio webhook reads its request: a small url-encoded body read with limits,
/// each key once, Twilio's signature checked with the SDK's <see cref="RequestValidator"/> for the
/// configured public URL, our account, and Twilio's formats for the fields the endpoints rely on.
/// Twilio signs the URL followed by each key and value without separators, so a valid signature
/// also fits other splits of the same characters ("MessageSid=SM…&amp;NumMedia=0" as
/// "MessageSid=SM…NumMedia0"; "Body=1,2" as "Body=1&amp;Body=2" for a reader that joins repeated
/// keys); the rules here are what makes such a re-split request fail.
/// </summary>
public sealed partial class TwilioForm
{
    /// <summary>Twilio's requests are a few KB; an SMS of 1,600 characters percent-encoded stays under 16 KB.</summary>
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxFields = 100;
    public const int MaxKeyLength = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The fields the endpoints rely on, in Twilio's formats: a Sid is two letters and 32 hex digits
    // (Twilio writes them in lower case, its documentation in upper case), so nothing can be appended.
    private static readonly (string Key, Regex Format)[] Formats =
    [
        ("AccountSid", AccountSidFormat()),
        ("MessageSid", MessageSidFormat()),
        ("SmsSid", MessageSidFormat()),
        ("SmsMessageSid", MessageSidFormat()),
        ("CallSid", CallSidFormat()),
        ("ErrorCode", ErrorCodeFormat()),
    ];

    private readonly Dictionary<string, string> _fields;

    private TwilioForm(Dictionary<string, string> fields) => _fields = fields;

    public string? this[string key] => _fields.GetValueOrDefault(key);

    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>
    /// Reads and checks the request; <paramref name="required"/> are the fields (besides AccountSid)
    /// without which the endpoint cannot act, so a signed form without one is malformed.
    /// </summary>
    public static async Task<TwilioRequest> ReadAsync(HttpRequest request, TwilioSettings? twilio, IReadOnlyCollection<string> required, CancellationToken ct)
    {
        if (!IsUrlEncodedUtf8(request.ContentType))
        {
            return new TwilioRequest.Refused(StatusCodes.Status415UnsupportedMediaType, "not application/x-www-form-urlencoded in UTF-8");
        }
        var body = await ReadBodyAsync(request, ct);
        if (body.Refusal is { } refused)
        {
            return refused;
        }
        var (fields, problem) = Parse(body.Bytes);
        if (fields is null)
        {
            return new TwilioRequest.Refused(StatusCodes.Status400BadRequest, problem!);
        }
        if (twilio is null)
        {
            // Without Twilio there is no token to check a signature against, so nothing is trusted.
            return new TwilioRequest.Refused(StatusCodes.Status403Forbidden, "Twilio is not configured");
        }
        if (!IsSigned(request, fields, twilio))
        {
            return new TwilioRequest.Refused(StatusCodes.Status403Forbidden, "no valid X-Twilio-Signature");
        }
        if (!string.Equals(fields.GetValueOrDefault("AccountSid"), twilio.AccountSid, StringComparison.OrdinalIgnoreCase))
        {
            return new TwilioRequest.Refused(StatusCodes.Status403Forbidden, "not for our Twilio account");
        }
        var form = new TwilioForm(fields);
        return form.Problem(required) is { } malformed ? new TwilioRequest.Malformed(form, malformed) : new TwilioRequest.Valid(form);
    }

    private string? Problem(IReadOnlyCollection<string> required)
    {
        if (required.FirstOrDefault(key => string.IsNullOrEmpty(this[key])) is { } missing)
        {
            return $"{missing} is missing";
        }
        foreach (var (key, value) in _fields)
        {
            if (!FreeText.IsAcceptable(key, multiline: true) || !FreeText.IsAcceptable(value, multiline: true))
            {
                return $"{(FreeText.IsAcceptable(key, multiline: true) ? key : "a key")} holds a character Twilio never sends";
            }
        }
        foreach (var (key, format) in Formats)
        {
            if (this[key] is { } value && !format.IsMatch(value))
            {
                return $"{key} is not in Twilio's format";
            }
        }
        if (this["MessageSid"] is { } messageSid && this["SmsSid"] is { } smsSid && messageSid != smsSid)
        {
            return "MessageSid and SmsSid differ";
        }
        return null;
    }

    private static bool IsUrlEncodedUtf8(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        && (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body, or a refusal once it grows beyond <see cref="MaxBodyBytes"/> (nothing more is read).</summary>
    private static async Task<(byte[] Bytes, TwilioRequest.Refused? Refusal)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var tooLarge = new TwilioRequest.Refused(StatusCodes.Status413PayloadTooLarge, $"a body over {MaxBodyBytes} bytes");
        if (request.ContentLength > MaxBodyBytes)
        {
            return ([], tooLarge);
        }
        // The server stops a chunked body at the same size, before it is buffered anywhere.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException e)
        {
            return ([], e.StatusCode == StatusCodes.Status413PayloadTooLarge ? tooLarge : new TwilioRequest.Refused(e.StatusCode, "an unreadable body"));
        }
        return length > MaxBodyBytes ? ([], tooLarge) : (buffer[..length], null);
    }

    /// <summary>key=value pairs joined by '&amp;', percent-encoded UTF-8, '+' for a space; each key once.</summary>
    private static (Dictionary<string, string>? Fields, string? Problem) Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in body.Split((byte)'&'))
        {
            var pair = body[range];
            if (pair.IsEmpty)
            {
                continue;
            }
            if (fields.Count == MaxFields)
            {
                return (null, $"more than {MaxFields} fields");
            }
            var equals = pair.IndexOf((byte)'=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (key is null || value is null)
            {
                return (null, "a field that is not percent-encoded UTF-8");
            }
            if (key.Length is 0 or > MaxKeyLength)
            {
                return (null, $"a key that is empty or longer than {MaxKeyLength} characters");
            }
            if (!fields.TryAdd(key, value))
            {
                return (null, $"{(FreeText.IsAcceptable(key, multiline: true) ? key : "a key")} given twice");
            }
        }
        return (fields, null);
    }

    private static string? Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%')
            {
                if (i + 2 >= encoded.Length || HexValue(encoded[i + 1]) is not { } high || HexValue(encoded[i + 2]) is not { } low)
                {
                    return null;
                }
                bytes[length++] = (byte)(high * 16 + low);
                i += 2;
            }
            else
            {
                bytes[length++] = encoded[i] == '+' ? (byte)' ' : encoded[i];
            }
        }
        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int? HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => null,
    };

    private static bool IsSigned(HttpRequest request, Dictionary<string, string> fields, TwilioSettings twilio)
    {
        var signatures = request.Headers["X-Twilio-Signature"];
        if (signatures.Count != 1 || string.IsNullOrEmpty(signatures[0]))
        {
            return false;
        }
        // Twilio signs the address it was given (the public one), not the one a proxy forwards to.
        return Uri.TryCreate(twilio.PublicBaseUrl, request.Path.Value!.TrimStart('/') + request.QueryString, out var url)
            && new RequestValidator(twilio.AuthToken).Validate(url.ToString(), fields, signatures[0]);
    }

    [GeneratedRegex(@"^AC[0-9a-fA-F]{32}\z")]
    private static partial Regex AccountSidFormat();

    // SM for a text message, MM for one with pictures.
    [GeneratedRegex(@"^(SM|MM)[0-9a-fA-F]{32}\z")]
    private static partial Regex MessageSidFormat();

    [GeneratedRegex(@"^CA[0-9a-fA-F]{32}\z")]
    private static partial Regex CallSidFormat();

    [GeneratedRegex(@"^[0-9]{1,10}\z")]
    private static partial Regex ErrorCodeFormat();
}
