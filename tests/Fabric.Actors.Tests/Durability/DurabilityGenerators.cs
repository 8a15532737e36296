using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;
using Fabric.Broker.Durability;
using Fabric.Broker.Routing;
using FsCheck;
using FsCheck.Fluent;

namespace Fabric.Actors.Tests.Durability;

/// <summary>FsCheck generators of broker events.</summary>
internal static class DurabilityGenerators
{
    public static Gen<string> Name { get; } = Gen.OneOf(
        Gen.Elements("", "q", "amq.topic", "reply_1f2e", "héllo wörld", "日本語", "a.b.#"),
        Gen.Choose(0, 300).Select(n => new string('x', n)));

    public static Gen<FieldTable> Table { get; } =
        Gen.Zip(Gen.Elements("x-message-ttl", "x-ha-policy", "k", "héllo"),
                Gen.OneOf(
                    Gen.Choose(int.MinValue, int.MaxValue).Select(v => (object?)v),
                    Gen.Elements<object?>(null, true, "all", 2.5, (long)1 << 40, new AmqpBinary([1, 2]))))
            .ArrayOf()
            .Select(entries =>
            {
                var builder = FieldTable.CreateBuilder();
                foreach (var (k, v) in entries) builder.Add(k, v);
                return builder.Build();
            });

    public static Gen<byte[]> Bytes { get; } =
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();

    public static Gen<long> Id { get; } = Gen.OneOf(
        Gen.Choose(1, 1000).Select(i => (long)i),
        Gen.Choose(1, int.MaxValue).Select(i => (long)i * 4_000_000_000L));

    public static Gen<long[]> Ids { get; } = Id.ArrayOf();

    public static Gen<long> Expiry { get; } = Gen.OneOf(
        Gen.Constant(long.MaxValue),
        Gen.Constant(0L),
        Gen.Choose(0, int.MaxValue).Select(i => 1_700_000_000_000L + i));

    public static Gen<MessageEnqueued> Message { get; } =
        from id in Id
        from exchange in Name
        from routingKey in Name
        from deliveryMode in Gen.Elements<byte?>(null, 1, 2)
        from body in Bytes
        from expiry in Expiry
        select new MessageEnqueued(id, exchange, routingKey,
            new BasicProperties { DeliveryMode = deliveryMode, ContentType = "text/plain" }.ToArray(), body, expiry);

    private static Gen<DestinationKind> Kind { get; } = Gen.Elements(DestinationKind.Queue, DestinationKind.Exchange);

    private static Gen<bool> Bool { get; } = Gen.Elements(true, false);

    public static Gen<object> Event { get; } = Gen.OneOf(
        Message.Select(m => (object)m),
        Ids.Select(ids => (object)new MessagesRemoved(ids)),
        Ids.Select(ids => (object)new MessagesDelivered(ids)),
        from name in Name
        from type in Name
        from durable in Bool
        from autoDelete in Bool
        from isInternal in Bool
        from args in Table
        select (object)new ExchangeDeclared(name, type, durable, autoDelete, isInternal, args),
        Name.Select(n => (object)new ExchangeDeleted(n)),
        from name in Name
        from durable in Bool
        from autoDelete in Bool
        from exclusive in Bool
        from args in Table
        select (object)new QueueDeclared(name, durable, autoDelete, exclusive, args),
        Name.Select(n => (object)new QueueDeleted(n)),
        from source in Name
        from destination in Name
        from kind in Kind
        from key in Name
        from args in Table
        from added in Bool
        select added
            ? (object)new BindingAdded(source, destination, kind, key, args)
            : new BindingRemoved(source, destination, kind, key, args),
        from messages in Message.ArrayOf()
        from delivered in Ids
        select (object)new QueueSnapshot(messages, delivered),
        from messages in Message.ArrayOf()
        from delivered in Ids
        from removed in Ids
        select (object)new QueueEvents(messages, delivered, removed));
}
