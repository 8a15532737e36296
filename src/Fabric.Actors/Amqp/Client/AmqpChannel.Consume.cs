using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;

namespace Fabric.Amqp.Client;

/// <summary>Consumers, qos and acknowledgements.</summary>
public sealed partial class AmqpChannel
{
    private readonly Dictionary<string, AmqpConsumer> _consumers = new(StringComparer.Ordinal);
    private static long s_nextConsumerTag;

    public Task BasicQosAsync(ushort prefetchCount, uint prefetchSize = 0, bool global = false) =>
        RpcAsync(new BasicQos { PrefetchCount = prefetchCount, PrefetchSize = prefetchSize, Global = global }, BasicQosOk.Key);

    /// <summary>
    /// basic.consume. The tag is chosen here when not given, so the consumer is registered before the broker can
    /// deliver to it.
    /// </summary>
    public async Task<AmqpConsumer> BasicConsumeAsync(string queue, bool autoAck = false, bool exclusive = false, string? consumerTag = null, FieldTable? arguments = null)
    {
        string tag = string.IsNullOrEmpty(consumerTag)
            ? "fabric-ctag-" + Interlocked.Increment(ref s_nextConsumerTag).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : consumerTag;
        var consumer = new AmqpConsumer(this, queue, tag);
        lock (_lock)
        {
            ThrowIfClosed();
            if (!_consumers.TryAdd(tag, consumer))
            {
                throw new InvalidOperationException($"Consumer tag '{tag}' is already in use on channel {Number}.");
            }
        }

        try
        {
            await RpcAsync(
                new BasicConsume { Queue = queue, ConsumerTag = tag, NoAck = autoAck, Exclusive = exclusive, Arguments = arguments ?? FieldTable.Empty },
                BasicConsumeOk.Key).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
            {
                _consumers.Remove(tag);
            }

            throw;
        }

        return consumer;
    }

    public async Task BasicCancelAsync(string consumerTag)
    {
        await RpcAsync(new BasicCancel { ConsumerTag = consumerTag }, BasicCancelOk.Key).ConfigureAwait(false);
        AmqpConsumer? consumer;
        lock (_lock)
        {
            _consumers.Remove(consumerTag, out consumer);
        }

        consumer?.Complete(null);
    }

    public void BasicAck(ulong deliveryTag, bool multiple = false)
    {
        ThrowIfClosed();
        _connection.Send(Number, new Methods.BasicAck { DeliveryTag = deliveryTag, Multiple = multiple });
    }

    public void BasicNack(ulong deliveryTag, bool multiple = false, bool requeue = true)
    {
        ThrowIfClosed();
        _connection.Send(Number, new Methods.BasicNack { DeliveryTag = deliveryTag, Multiple = multiple, Requeue = requeue });
    }

    public void BasicReject(ulong deliveryTag, bool requeue = true)
    {
        ThrowIfClosed();
        _connection.Send(Number, new Methods.BasicReject { DeliveryTag = deliveryTag, Requeue = requeue });
    }

    private void Dispatch(AmqpDelivery delivery)
    {
        AmqpConsumer? consumer;
        lock (_lock)
        {
            _consumers.TryGetValue(delivery.ConsumerTag, out consumer);
        }

        // A delivery racing with our basic.cancel has no consumer any more: hand it back.
        if (consumer is null)
        {
            BasicReject(delivery.DeliveryTag, requeue: true);
            return;
        }

        consumer.Deliver(delivery);
    }

    private void OnBrokerCancel(string consumerTag)
    {
        AmqpConsumer? consumer;
        lock (_lock)
        {
            _consumers.Remove(consumerTag, out consumer);
        }

        consumer?.Complete(new AmqpConsumerCancelledException(consumerTag));
    }

    private void CompleteConsumers(Exception reason)
    {
        AmqpConsumer[] consumers;
        lock (_lock)
        {
            consumers = new AmqpConsumer[_consumers.Count];
            _consumers.Values.CopyTo(consumers, 0);
            _consumers.Clear();
        }

        foreach (var consumer in consumers)
        {
            consumer.Complete(reason);
        }
    }
}
