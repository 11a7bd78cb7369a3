using Allo.TestSupport;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// The five Twilio webhooks, as Twilio calls them: form posts signed with X-Twilio-Signature (the
/// SDK's algorithm, as <see cref="FakeTwilio.Sign"/> computes it) for the public address — and
/// unsigned or wrongly signed ones. A signed case carries a poison: a sender that is no phone number,
/// another account, a message id Twilio never writes, or a key press that is no rating.
/// </summary>
public static class WebhookTargets
{
    private const string Form = "application/x-www-form-urlencoded";

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new DirectTarget("webhook: text message", (w, r) => Text(r));
        yield return new DirectTarget("webhook: delivery status", (w, r) => Status(r));
        yield return new DirectTarget("webhook: key pressed after the spoken thank-you", Feedback);
        yield return new DirectTarget("webhook: a call to the phone menu", (w, r) => Voice(r));
        yield return new DirectTarget("webhook: key pressed in a spoken waitlist offer", (w, r) => OfferKey(r));
    }

    private static FuzzRequest Text(Random random)
    {
        var sid = $"SM{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}";
        var fields = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", sid), new("SmsSid", sid), new("AccountSid", FakeTwilio.AccountSid), new("From", "+32470666666"),
            new("To", FakeTwilio.From), new("Body", Hostile.Pick(random, ["AFSPRAAK morgen", "RDV", "1", "STOP", "HELP"]) + Hostile.Any(random)), new("NumMedia", "0"),
        };
        return Signed("webhooks/twilio/sms", fields, random, new FieldSpec[]
        {
            new("From", FieldKind.Phone), new("AccountSid", FieldKind.Key), new("MessageSid", FieldKind.Key),
        });
    }

    private static FuzzRequest Status(Random random)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", $"SM{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}"),
            new("MessageStatus", Hostile.Pick(random, ["delivered", "failed", "undelivered", "sent", "read"])),
            new("AccountSid", FakeTwilio.AccountSid), new("ErrorCode", Hostile.Pick(random, ["30003", "21610", ""])),
        };
        return Signed("webhooks/twilio/status", fields, random, [new("MessageSid", FieldKind.Key), new("CallSid", FieldKind.Key)]);
    }

    private static FuzzRequest Voice(Random random)
    {
        var path = "webhooks/twilio/voice" + Hostile.Pick(random, ["", "?turn=1", "?turn=2", "?turn=x", "?turn=-1", "?turn=99999999999"]);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("CallSid", $"CA{random.Next(4):x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}"), new("AccountSid", FakeTwilio.AccountSid),
            new("From", Hostile.Pick(random, ["+32470666667", "anonymous", "", "+3222345678"])), new("To", FakeTwilio.From),
            new("Digits", Hostile.Pick(random, ["1", "2", "4", "9", "#", "0470123456"])),
        };
        // Any From (a withheld one too) and any keys are a caller's to give, answered by the menu; only
        // a call id Twilio never writes must change nothing.
        return Signed(path, fields, random, [new("CallSid", FieldKind.Key)]);
    }

    private static FuzzRequest OfferKey(Random random)
    {
        var path = $"webhooks/twilio/offer/{Hostile.RandomGuid(random):N}" + Hostile.Pick(random, ["", "?turn=1", "?turn=2", "?turn=3", "?turn=x"]);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("CallSid", $"CA{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}"), new("AccountSid", FakeTwilio.AccountSid),
            new("Digits", Hostile.Pick(random, ["1", "2", "7", "#"])),
        };
        // The keys are the citizen's to press; a call id Twilio never writes must change nothing.
        return Signed(path, fields, random, [new("CallSid", FieldKind.Key)]);
    }

    private static FuzzRequest Feedback(FuzzWorld world, Random random)
    {
        var id = random.Next(3) == 0 ? Hostile.RandomGuid(random) : world.ThankYou;
        var path = $"webhooks/twilio/feedback/{id:N}" + (random.Next(4) == 0 ? "?again=1" : "");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Digits", "4"), new("CallSid", $"CA{random.Next():x8}"), new("AccountSid", FakeTwilio.AccountSid),
        };
        return Signed(path, fields, random, [new("Digits", FieldKind.Number, Min: 1, Max: 5)]);
    }

    /// <summary>
    /// Mostly signed exactly as Twilio signs (the URL and every parameter, repeated ones joined with
    /// commas as the server reads them), with one poisoned field; otherwise unsigned or signed wrongly.
    /// </summary>
    private static FuzzRequest Signed(string path, List<KeyValuePair<string, string>> fields, Random random, FieldSpec[] poisons)
    {
        var poison = Hostile.Pick(random, poisons);
        var wrong = Hostile.WrongFor(poison, random);
        fields.RemoveAll(f => f.Key == poison.Name);
        fields.Insert(random.Next(fields.Count + 1), new(poison.Name, wrong));
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            if (fields[i].Key == poison.Name || random.Next(4) != 0)
            {
                continue;
            }
            switch (random.Next(3))
            {
                case 0:
                    fields.RemoveAt(i);
                    break;
                case 1:
                    fields.Insert(i, new(fields[i].Key, Hostile.Any(random)));
                    break;
                default:
                    fields[i] = new(fields[i].Key, Hostile.Any(random));
                    break;
            }
        }
        if (random.Next(8) == 0)
        {
            fields.Add(new(Hostile.Any(random) is { Length: > 0 } key ? key : "Extra", Hostile.Any(random)));
        }
        var asRead = fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => string.Join(',', g.Select(f => f.Value)));
        var (signature, how) = random.Next(10) switch
        {
            0 => (null, "unsigned"),
            1 => (FakeTwilio.Sign(FuzzWorld.PublicBase + path, asRead, "wrong-token"), "signed with another token"),
            2 => (FakeTwilio.Sign("http://localhost/" + path, asRead, FakeTwilio.AuthToken), "signed for another address"),
            3 => (Hostile.Any(random), "a hostile signature"),
            _ => (FakeTwilio.Sign(FuzzWorld.PublicBase + path, asRead, FakeTwilio.AuthToken), "signed"),
        };
        var body = random.Next(30) == 0
            ? FuzzRequest.Form(fields.Concat(Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"k{i}", "v"))))
            : FuzzRequest.Form(fields);
        return new FuzzRequest(HttpMethod.Post, "/" + path, body, random.Next(25) == 0 ? "text/plain" : Form)
        {
            Headers = signature is null ? [] : [("X-Twilio-Signature", signature)],
            Poison = $"{how}; {poison.Name} = {FuzzRequest.Printable(wrong, 80)}",
        };
    }
}
