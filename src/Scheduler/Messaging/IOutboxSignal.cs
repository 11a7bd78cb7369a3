namespace Allo.Scheduler.Messaging;

/// <summary>
/// Tells the job system that outbox rows were committed. Only a speed-up: the minutely sweep finds
/// every due row anyway, so a lost signal (a crash after commit, a restarted in-memory job store)
/// delays a message by at most a minute and never loses it.
/// </summary>
public interface IOutboxSignal
{
    void Committed(IEnumerable<OutboundMessage> messages);
}
