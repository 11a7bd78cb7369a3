using Allo.Domain.Contact;

namespace Allo.Scheduler.Messaging.Channels;

/// <summary>
/// Without Twilio or SMTP settings, messages are "delivered" to the outbox table itself and shown
/// at /dev/outbox, so the whole flow can be tried on a laptop. Never the default in production.
/// </summary>
public sealed class DevOutboxChannel(Channel channel) : IMessageChannel
{
    public const string Name = "dev-outbox";

    public Channel Channel { get; } = channel;
    public string Provider => Name;

    public Task<SendResult> SendAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken ct) =>
        Task.FromResult(new SendResult($"dev-{message.Id:N}", DeliveryStatus.Delivered));
}
