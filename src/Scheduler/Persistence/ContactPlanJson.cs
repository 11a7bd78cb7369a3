using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Allo.Domain.Contact;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Allo.Scheduler.Persistence;

/// <summary>
/// The contact plan is stored whole, as JSON, with the booking: it is read and replaced as one value
/// (by notifications and the agents' queue), never queried field by field.
/// </summary>
public static class ContactPlanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(ContactPlan plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>
    /// The plan stored as this JSON. Most bookings share a few plans (the rules decide from a handful
    /// of answers) and the outbox reads the booking with every message it sends, where parsing each was
    /// a twelfth of the sender's CPU (docs/decisions/0045-a-stored-plan-is-parsed-once.md). A plan is an
    /// immutable record, so one instance serves every booking that stored the same text.
    /// </summary>
    public static ContactPlan Read(string json)
    {
        if (Parsed.TryGetValue(json, out var known))
        {
            return known;
        }
        var plan = JsonSerializer.Deserialize<ContactPlan>(json, Options) ?? throw new JsonException("A stored contact plan is empty.");
        if (Parsed.Count >= MostParsed)
        {
            Parsed.Clear();
        }
        Parsed[json] = plan;
        return plan;
    }

    // A few kilobytes each; past this many different plans (a test run, an unusual mix) start again.
    private const int MostParsed = 1024;

    private static readonly ConcurrentDictionary<string, ContactPlan> Parsed = new(StringComparer.Ordinal);

    public sealed class Converter() : ValueConverter<ContactPlan, string>(plan => Write(plan), json => Read(json));

    public sealed class Comparer() : ValueComparer<ContactPlan>(
        (a, b) => Write(a!) == Write(b!),
        plan => Write(plan).GetHashCode(StringComparison.Ordinal),
        plan => Read(Write(plan)));
}
