using System.Text;
using static Allo.Web.Tests.Fuzz.FuzzJson;

namespace Allo.Web.Tests.Fuzz;

/// <summary>
/// Every endpoint of the JSON API (as the OpenAPI document lists them). Requests that could change a
/// booking carry a poison: a field its rules refuse, or a token or reference that is not the booking's.
/// </summary>
public static class ApiTargets
{
    private const string Json = "application/json";

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new DirectTarget("api: slots", (_, r) => Get(Query("/api/v1/slots", r,
            ("from", FieldKind.Date), ("days", FieldKind.Number), ("length", FieldKind.Number), ("callback", FieldKind.Text))), "GET /api/v1/slots");
        yield return new DirectTarget("api: book", Book, "POST /api/v1/bookings");
        yield return new DirectTarget("api: read a booking", (w, r) => WithToken(w, r, HttpMethod.Get, ""), "GET /api/v1/bookings/{reference}");
        yield return new DirectTarget("api: calendar file", (w, r) => WithToken(w, r, HttpMethod.Get, "/calendar.ics"), "GET /api/v1/bookings/{reference}/calendar.ics");
        yield return new DirectTarget("api: cancel", (w, r) => WithToken(w, r, HttpMethod.Delete, "", poisonKey: true), "DELETE /api/v1/bookings/{reference}");
        yield return new DirectTarget("api: reschedule", Reschedule, "POST /api/v1/bookings/{reference}/reschedule");
        yield return new DirectTarget("api: contact plan", ContactPlan, "POST /api/v1/contact-plans");
        yield return new DirectTarget("api: documents", (_, r) => Get(Hostile.Pick(r, ["/openapi/v1.json", "/health/live", "/health/ready", "/api/v1", "/api/v1/nothing"])
            + "?" + Hostile.Pick(r, ["x", "format", "lang"]) + "=" + FuzzRequest.Escape(Hostile.Any(r))));
    }

    private static FuzzRequest Get(string url) => new(HttpMethod.Get, url);

    private static string Query(string path, Random random, params (string Name, FieldKind Kind)[] parameters)
    {
        var parts = new List<string>();
        foreach (var (name, kind) in parameters)
        {
            switch (random.Next(5))
            {
                case 0:
                    break;
                case 1:
                    parts.Add($"{name}={FuzzRequest.Escape(Hostile.Any(random))}&{name}={FuzzRequest.Escape(Hostile.Any(random))}");
                    break;
                case 2:
                    parts.Add($"{name}={FuzzRequest.Escape(Hostile.WrongFor(new FieldSpec(name, kind, Min: 1, Max: 62), random))}");
                    break;
                default:
                    parts.Add($"{name}={FuzzRequest.Escape(Hostile.Any(random))}");
                    break;
            }
        }
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    private static FuzzJson Needs(Random random) => Mutate(Object(
        ("hearing", true), ("otherLanguage", Hostile.Any(random)), ("prefersCall", random.Next(2) == 0),
        ("proxy", Object(("name", Hostile.Any(random)), ("phone", Hostile.Any(random)), ("takesCall", true)))), random, null);

    /// <summary>A booking whose one poisoned field (slot, phone, language, name or email) its rules refuse.</summary>
    private static FuzzRequest Book(FuzzWorld world, Random random)
    {
        if (random.Next(8) == 0)
        {
            return new FuzzRequest(HttpMethod.Post, "/api/v1/bookings", Encoding.UTF8.GetBytes(NotTheObject(random)), Hostile.Pick(random, [Json, "text/plain", Json + "; charset=latin1"]))
            { Poison = "the body is not a booking" };
        }
        var poison = Hostile.Pick(random, new FieldSpec[]
        {
            new("slotStart", FieldKind.Slot), new("phone", FieldKind.Phone), new("language", FieldKind.Choice),
            new("name", FieldKind.Text, Max: 200), new("email", FieldKind.Email),
        });
        var booking = Object(
            ("slotStart", "2026-12-03T14:00:00+01:00"), ("phone", "0470 55 55 55"), ("language", "nl"), ("name", Hostile.Any(random)),
            ("email", random.Next(2) == 0 ? "jan@example.be" : Hostile.Any(random)), ("needs", Needs(random)),
            ("optedOut", new Arr([Hostile.Pick(random, ["Sms", "Voice", "Email", "Fax", "0", "99"])])));
        var wrong = Hostile.WrongFor(poison, random);
        var members = booking.Members.Select(m => m.Key == poison.Name ? (m.Key, (FuzzJson)wrong) : m).ToList();
        var body = Mutate(new Obj(members), random, poison.Name);
        return new FuzzRequest(HttpMethod.Post, "/api/v1/bookings", body.ToBytes(), Json) { Poison = $"{poison.Name} = {FuzzRequest.Printable(wrong, 80)}" };
    }

    /// <summary>The citizen's booking with a wrong token, or a wrong reference with the right token; read-only endpoints also get the right pair.</summary>
    private static FuzzRequest WithToken(FuzzWorld world, Random random, HttpMethod method, string suffix, bool poisonKey = false)
    {
        var key = new FieldSpec("token", FieldKind.Key);
        var (reference, token, poison) = random.Next(poisonKey ? 2 : 3) switch
        {
            0 => (world.Reference, Hostile.WrongFor(key, random), "token"),
            1 => (Hostile.WrongFor(key, random), world.ManageToken, "reference"),
            _ => (world.Reference, world.ManageToken, (string?)null),
        };
        var inHeader = random.Next(2) == 0;
        var url = $"/api/v1/bookings/{FuzzRequest.EscapePath(reference)}{suffix}" + (inHeader ? "" : $"?token={FuzzRequest.Escape(token)}");
        var request = new FuzzRequest(method, url) { Poison = poison is null ? null : $"{poison} is not the booking's" };
        return inHeader ? request with { Headers = [("X-Manage-Token", token)] } : request;
    }

    private static FuzzRequest Reschedule(FuzzWorld world, Random random)
    {
        var slot = new FieldSpec("slotStart", FieldKind.Slot);
        var wrong = Hostile.WrongFor(slot, random);
        var request = random.Next(3) == 0 ? WithToken(world, random, HttpMethod.Post, "/reschedule", poisonKey: true) : WithToken(world, random, HttpMethod.Post, "/reschedule");
        var body = random.Next(6) == 0 ? NotTheObject(random) : Mutate(Object(("slotStart", wrong)), random, "slotStart").Write();
        return request with
        {
            Body = Encoding.UTF8.GetBytes(body),
            ContentType = Json,
            Poison = request.Poison ?? $"slotStart = {FuzzRequest.Printable(wrong, 80)}",
        };
    }

    private static FuzzRequest ContactPlan(FuzzWorld world, Random random)
    {
        var body = random.Next(6) == 0 ? NotTheObject(random) : Mutate(Object(
            ("phone", random.Next(2) == 0 ? "0470 12 34 56" : Hostile.Any(random)), ("language", random.Next(2) == 0 ? "fr" : Hostile.Any(random)),
            ("email", Hostile.Any(random)), ("needs", Needs(random)), ("optedOut", new Arr([Hostile.Any(random)]))), random, null).Write();
        return new FuzzRequest(HttpMethod.Post, "/api/v1/contact-plans", Encoding.UTF8.GetBytes(body), Json);
    }
}
