using System.Threading.Channels;

namespace Fabric.Amqp.Client;

/// <summary>
/// A consumer started by <see cref="AmqpChannel.BasicConsumeAsync"/>: its deliveries arrive in <see cref="Deliveries"/>
/// in order. The reader completes when the consumer is cancelled (by us: normally; by the broker:
/// <see cref="AmqpConsumerCancelledException"/>) or the channel closes (the channel's close reason).
/// </summary>
public sealed class AmqpConsumer
{
    private readonly Channel<AmqpDelivery> _deliveries = System.Threading.Channels.Channel.CreateUnbounded<AmqpDelivery>(
        new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });

    internal AmqpConsumer(AmqpChannel channel, string queue, string tag)
    {
        Channel = channel;
        Queue = queue;
        Tag = tag;
    }

    public AmqpChannel Channel { get; }
    public string Queue { get; }
    public string Tag { get; }

    public ChannelReader<AmqpDelivery> Deliveries => _deliveries.Reader;

    /// <summary>basic.cancel for this consumer.</summary>
    public Task CancelAsync() => Channel.BasicCancelAsync(Tag);

    internal void Deliver(AmqpDelivery delivery) => _deliveries.Writer.TryWrite(delivery);

    internal void Complete(Exception? reason) => _deliveries.Writer.TryComplete(reason);
}
