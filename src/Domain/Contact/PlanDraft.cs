namespace Allo.Domain.Contact;

/// <summary>
/// The plan while the rules are deciding it. A rule that sets a value it shares with an earlier rule
/// adds its reason; one that changes the value replaces the reasons, since they no longer explain it.
/// </summary>
public sealed class PlanDraft
{
    public List<Channel> ConfirmationOrder { get; } = [];
    public List<Channel> ReminderOrder { get; } = [];
    public List<Reason> MessageReasons { get; } = [];
    public List<Reason> ConfirmationOnlyReasons { get; } = [];
    public List<Reason> ReminderOnlyReasons { get; } = [];
    public bool EmailCopy { get; set; }
    public bool ConfirmationToProxy { get; set; }
    public List<Reason> HeadsUpReasons { get; } = [];
    public bool HeadsUpByText { get; set; }
    public List<Recipient> ReminderRecipients { get; } = [Recipient.Citizen];
    public Slot<CallbackMode> Callback { get; } = new();
    public Slot<Language> Language { get; } = new();
    public Slot<MessageStyle> Style { get; } = new();
    public Slot<int> Slots { get; } = new();
    public Dictionary<AgentHint, (string? Detail, List<Reason> Reasons)> Hints { get; } = [];
    public List<Reason> Refusal { get; } = [];

    public void Hint(AgentHint kind, Reason reason, string? detail = null)
    {
        if (!Hints.TryGetValue(kind, out var hint))
        {
            hint = (detail, []);
        }
        hint.Reasons.Add(reason);
        Hints[kind] = (detail ?? hint.Detail, hint.Reasons);
    }

    /// <summary>Moves a channel to the front of an order, if that changes it.</summary>
    public static bool Prefer(List<Channel> order, Channel channel)
    {
        if (order.Count == 0 || order[0] == channel || !order.Contains(channel))
        {
            return false;
        }
        order.Remove(channel);
        order.Insert(0, channel);
        return true;
    }

    public sealed class Slot<T>
    {
        public T Value { get; private set; } = default!;
        public List<Reason> Reasons { get; } = [];

        public void Set(T value, Reason reason)
        {
            if (Reasons.Count > 0 && !EqualityComparer<T>.Default.Equals(Value, value))
            {
                Reasons.Clear();
            }
            Value = value;
            Reasons.Add(reason);
        }

        /// <summary>Builds on the value so far (one slot more): the earlier reasons still explain part of it.</summary>
        public void Extend(T value, Reason reason)
        {
            Value = value;
            Reasons.Add(reason);
        }

        public Decided<T> Decided() => new(Value, [.. Reasons]);
    }
}
