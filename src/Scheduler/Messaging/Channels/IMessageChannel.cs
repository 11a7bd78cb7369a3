using Allo.Domain.Contact;

namespace Allo.Scheduler.Messaging.Channels;

/// <summary>What the provider said: its id for the message and how far it got.</summary>
public sealed record SendResult(string ProviderId, DeliveryStatus Status);

/// <summary>The provider refused or failed. Permanent failures are not retried on this channel.</summary>
public sealed class ChannelException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>One way of reaching people. Exactly one per <see cref="Channel"/> is registered.</summary>
public interface IMessageChannel
{
    Channel Channel { get; }
    string Provider { get; }
    Task<SendResult> SendAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken ct);
}
