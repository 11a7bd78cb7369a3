using Allo.Scheduler.Messaging;

namespace Allo.TestSupport;

/// <summary>Remembers which outbox rows were announced, instead of waking a poller: tests dispatch by hand.</summary>
public sealed class RecordingSignal : IOutboxSignal
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<OutboundMessage> _messages = new();

    public IReadOnlyList<OutboundMessage> Messages => [.. _messages];

    public void Committed(IEnumerable<OutboundMessage> messages)
    {
        foreach (var message in messages)
        {
            _messages.Enqueue(message);
        }
    }
}
