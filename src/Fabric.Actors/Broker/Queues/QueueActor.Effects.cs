using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;
using Fabric.Broker.Buffers;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Queues;

internal sealed partial class QueueActor
{
    /// <summary>Sends the deliveries gathered for batched channels (told to self at the first of them).</summary>
    private sealed class FlushDeliveries
    {
        public static readonly FlushDeliveries Instance = new();
    }

    /// <summary>The engine's effects, turned into tells from the queue actor's thread.</summary>
    private sealed class Effects(QueueActor actor) : IQueueEffects
    {
        private static readonly byte[] NoProperties = new byte[2];
        // Both created on first use: an idle queue holds neither (it counts against the footprint of every queue).
        private List<Delivery>? _held;
        // Batched channels with gathered deliveries; one FlushDeliveries is on its way while this is non-empty.
        private List<ConsumerChannel>? _gathering;
        // Dead-lettering only: created by the first dead letter.
        private RoutingContext? _routing;
        private HashSet<string>? _targets;
        private bool _holding;

        public void HoldDeliveries() => _holding = true;

        public void ReleaseDeliveries()
        {
            _holding = false;
            if (_held is not { } held) return;
            for (var i = 0; i < held.Count; i++) Send(held[i]);
            held.Clear();
        }

        public void TrimExcess()
        {
            if (_held is { } held) SpareCapacity.Trim(held);
        }

        public void Deliver(in Delivery delivery)
        {
            if (_holding) (_held ??= []).Add(delivery);
            else Send(delivery);
        }

        private void Send(in Delivery delivery)
        {
            if (actor._channels is not { } channels || !channels.TryGetValue(delivery.ChannelKey, out var channel)) return;
            if (!channel.Batched)
            {
                channel.Connection.Tell(new QueueDeliver(channel.Channel, delivery.ConsumerTag!, actor._name,
                    delivery.MessageId, delivery.Message, delivery.Redelivered), actor.Self);
                return;
            }
            if (!channel.Add(new QueueDelivery(delivery.ConsumerTag!, delivery.MessageId, delivery.Message, delivery.Redelivered)))
                return;
            var gathering = _gathering ??= [];
            if (gathering.Count == 0) actor.Self.Tell(FlushDeliveries.Instance, actor.Self);
            gathering.Add(channel);
        }

        /// <summary>Sends the gathered deliveries, one message per channel.</summary>
        public void Flush()
        {
            if (_gathering is not { Count: > 0 } gathering) return;
            for (var i = 0; i < gathering.Count; i++) gathering[i].Flush(actor._name, actor.Self);
            gathering.Clear();
        }

        /// <summary>
        /// Re-publishes a copy through the vhost's routing to the dead-letter exchange: x-death headers added, the
        /// expiration property dropped, routed by the dead-letter routing key (or the original keys with CC/BCC).
        /// Queues that would close a fully automatic dead-letter cycle are skipped, as RabbitMQ does.
        /// </summary>
        public void DeadLetter(Message message, DeadLetterReason reason, string queueName)
        {
            var arguments = actor._engine.Arguments;
            if (arguments.DeadLetterExchange is not { } exchange) return;
            var headers = BuildTable(DeadLetterHeaders.Build(message, queueName, reason, DateTimeOffset.UtcNow,
                arguments.DeadLetterRoutingKey));
            var raw = message.Properties.Length >= 2 ? message.Properties.Span : NoProperties;
            var properties = new BasicPropertiesView(raw).WithHeaders(headers, BasicPropertyFlags.Expiration);
            var keys = DeadLetterHeaders.DeadLetterRoutingKeys(message, arguments.DeadLetterRoutingKey);
            var copy = new Message(exchange, keys[0], properties, message.Body, message.Persistent, message.Priority,
                expirationMs: null, headers);

            var targets = _targets ??= new HashSet<string>(StringComparer.Ordinal);
            var routing = _routing ??= new RoutingContext();
            targets.Clear();
            for (var i = 0; i < keys.Count; i++)
            {
                var queues = actor._vhost.Route(exchange, keys[i], headers, routing);
                for (var q = 0; q < queues.Count; q++) targets.Add(queues[q]);
            }
            foreach (var target in targets)
            {
                if (DeadLetterHeaders.IsDeathCycle(headers, target)) continue;
                actor._vhost.FindQueue(target)?.Actor.Tell(new QueuePublish(copy, null, 0, 0), actor.Self);
            }
            targets.Clear();
        }

        // A durable queue's QueueJournal takes these; other queues persist nothing.
        public void PersistEnqueue(long messageId, Message message, long expiresAtMs) { }

        public void PersistRemove(long messageId) { }

        private static FieldTable BuildTable(Dictionary<string, object?> headers)
        {
            var builder = FieldTable.CreateBuilder();
            foreach (var pair in headers) builder.Add(pair.Key, pair.Value);
            return builder.Build();
        }
    }
}
