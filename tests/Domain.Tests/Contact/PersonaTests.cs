using Allo.Domain.Contact;

namespace Allo.Domain.Tests.Contact;

/// <summary>Each persona in docs/personas is a test case: adding a file adds a case, without code.</summary>
public sealed class PersonaTests
{
    public static TheoryData<string> Personas() => [.. PersonaFile.Files().Select(Path.GetFileName).OfType<string>()];

    private static PersonaFile Load(string file) => PersonaFile.Read(Path.Combine(PersonaFile.Folder(), file));

    private static string Describe(Message m) => m.To == Recipient.Proxy ? $"{Name(m.Channel)}>proxy" : Name(m.Channel);

    private static string Name(Channel c) => c.ToString().ToLowerInvariant();

    private static string Name(CallbackMode mode) => mode switch
    {
        CallbackMode.Voice => "voice",
        CallbackMode.VoiceWithInterpreter => "interpreter",
        CallbackMode.TextConversation => "text",
        CallbackMode.ProxyCall => "proxy",
        CallbackMode.RelayCall => "relay",
        CallbackMode.EmailConversation => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static string Name(AgentHint hint) =>
        string.Concat(hint.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    [Theory]
    [MemberData(nameof(Personas))]
    public void The_contact_plan_matches_what_the_persona_needs(string file)
    {
        var persona = Load(file);
        var plan = ContactRules.Decide(persona.ToProfile());
        var expect = persona.Expect;

        Assert.Equal(expect.Reachable, plan.Reachable);
        var reasons = plan.Decisions().SelectMany(d => d.Reasons).Concat(plan.Refusal).Select(r => r.RuleId).ToHashSet();
        Assert.All(expect.Because, id => Assert.Contains(id, reasons));
        if (!plan.Reachable)
        {
            return;
        }
        Assert.Equal(expect.Confirmation, plan.Confirmation.Value.Select(Describe).ToList());
        // Both reminders use the same channels; the persona lists them once.
        Assert.Equal(expect.Reminders, plan.Reminders.Value.Where(r => r.When == ReminderTime.DayBefore)
            .Select(r => Describe(new Message(r.Channel, r.To))).ToList());
        Assert.Equal(expect.Callback, Name(plan.Callback.Value));
        Assert.Equal(expect.Style, plan.Style.Value.ToString().ToLowerInvariant());
        Assert.Equal(expect.Slots, plan.Slots.Value);
        Assert.Equal(expect.Hints.Order(), plan.Hints.Select(h => Name(h.Value.Kind)).Order());
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public void A_persona_file_is_complete_and_named_after_its_id(string file)
    {
        var persona = Load(file);
        Assert.Equal(persona.FileName, persona.Id);
        Assert.False(string.IsNullOrWhiteSpace(persona.Title));
        Assert.NotEmpty(persona.Expect.Because);
        Assert.True(persona.Prose.Length > 600, $"{file}: say who they are, what goes wrong today and what the service must do.");
    }

    [Fact]
    public void There_are_at_least_twelve_personas_and_every_rule_serves_existing_ones()
    {
        var ids = PersonaFile.Files().Select(f => PersonaFile.Read(f).Id).ToHashSet();
        Assert.True(ids.Count >= 12, $"only {ids.Count} personas");
        foreach (var rule in ContactRules.Table)
        {
            Assert.All(rule.Personas, p => Assert.True(ids.Contains(p), $"rule {rule.Id} names persona '{p}', which has no file"));
        }
        var served = ContactRules.Table.SelectMany(r => r.Personas).ToHashSet();
        Assert.All(ids, id => Assert.True(served.Contains(id), $"no rule says it serves persona '{id}'"));
    }
}
