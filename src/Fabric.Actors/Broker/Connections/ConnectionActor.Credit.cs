using Fabric.Broker.Contracts;

namespace Fabric.Broker.Connections;

/// <summary>
/// Credit flow to no-ack consumers: a queue hands such a consumer at most <c>fabric.amqp.consumer-credit</c>
/// deliveries that this connection has not yet written to its socket; the rest stays in the queue (under its limits
/// and TTL, for other consumers and basic.get). Written deliveries are counted per consumer and given back once a
/// flush has completed (the transport took the bytes), in batches of at least <c>consumer-credit-batch</c>.
/// </summary>
internal sealed partial class ConnectionActor
{
    private readonly List<CreditDue> _creditDue = [];

    /// <summary>The credit a no-ack consume asks its queue for (0 = unbounded).</summary>
    private int ConsumeCredit(bool noAck) => noAck ? _settings.ConsumerCredit : 0;

    /// <summary>A delivery to a credited consumer was written into the output.</summary>
    private void CountWritten(Channel channel, ConsumerInfo consumer)
    {
        consumer.Written++;
        if (!consumer.CreditListed)
        {
            consumer.CreditListed = true;
            _creditDue.Add(new CreditDue(channel, consumer));
        }
    }

    /// <summary>After a completed flush: gives back the credit of every consumer that has written a batch.</summary>
    private void ReturnCredit()
    {
        var due = _creditDue;
        if (due.Count == 0)
        {
            return;
        }

        int batch = _settings.ConsumerCreditBatch;
        int kept = 0;
        for (int i = 0; i < due.Count; i++)
        {
            var (channel, consumer) = due[i];
            if (!IsConsuming(channel, consumer))
            {
                // Cancelled or its channel closed: the queue dropped its credit state with the consumer.
                consumer.Written = 0;
                consumer.CreditListed = false;
                continue;
            }

            if (consumer.Written < batch)
            {
                due[kept++] = due[i];
                continue;
            }

            _vhost?.FindQueue(consumer.Queue)?.Actor.Tell(
                new QueueCreditReturned(channel.Key, consumer.Tag, consumer.Written), Self);
            consumer.Written = 0;
            consumer.CreditListed = false;
        }

        due.RemoveRange(kept, due.Count - kept);
    }

    private static bool IsConsuming(Channel channel, ConsumerInfo consumer) =>
        channel.Phase == ChannelPhase.Open && channel.Consumers.TryGetValue(consumer.Tag, out var current)
        && ReferenceEquals(current, consumer);
}
