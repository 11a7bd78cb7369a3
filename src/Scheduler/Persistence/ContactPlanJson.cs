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

    public static ContactPlan Read(string json) =>
        JsonSerializer.Deserialize<ContactPlan>(json, Options) ?? throw new JsonException("A stored contact plan is empty.");

    public sealed class Converter() : ValueConverter<ContactPlan, string>(plan => Write(plan), json => Read(json));

    public sealed class Comparer() : ValueComparer<ContactPlan>(
        (a, b) => Write(a!) == Write(b!),
        plan => Write(plan).GetHashCode(StringComparison.Ordinal),
        plan => Read(Write(plan)));
}
