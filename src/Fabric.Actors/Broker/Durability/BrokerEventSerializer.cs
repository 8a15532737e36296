using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;
using Fabric.Persistence.Actors;

namespace Fabric.Broker.Durability;

/// <summary>
/// The binary codec of every broker event and the queue snapshot (formats in docs/DURABILITY.md). The manifest names
/// the event and its format version: a new format gets a new manifest, and old manifests stay readable.
/// </summary>
public sealed class BrokerEventSerializer : IEventSerializer
{
    public const string ExchangeDeclaredV1 = "xd1";
    public const string ExchangeDeletedV1 = "xx1";
    public const string QueueDeclaredV1 = "qd1";
    public const string QueueDeletedV1 = "qx1";
    public const string BindingAddedV1 = "ba1";
    public const string BindingRemovedV1 = "br1";
    public const string MessageEnqueuedV1 = "me1";
    public const string MessagesRemovedV1 = "mr1";
    public const string MessagesDeliveredV1 = "mv1";
    public const string QueueSnapshotV1 = "qs1";
    public const string QueueEventsV1 = "qe1";

    public static readonly BrokerEventSerializer Instance = new();

    private BrokerEventSerializer() { }

    public IReadOnlyList<Type> Types { get; } =
    [
        typeof(ExchangeDeclared), typeof(ExchangeDeleted), typeof(QueueDeclared), typeof(QueueDeleted),
        typeof(BindingAdded), typeof(BindingRemoved), typeof(MessageEnqueued), typeof(MessagesRemoved),
        typeof(MessagesDelivered), typeof(QueueSnapshot), typeof(QueueEvents),
    ];

    public IReadOnlyList<string> Manifests { get; } =
    [
        ExchangeDeclaredV1, ExchangeDeletedV1, QueueDeclaredV1, QueueDeletedV1, BindingAddedV1, BindingRemovedV1,
        MessageEnqueuedV1, MessagesRemovedV1, MessagesDeliveredV1, QueueSnapshotV1, QueueEventsV1,
    ];

    public string ManifestOf(object value) => value switch
    {
        QueueEvents => QueueEventsV1,
        MessageEnqueued => MessageEnqueuedV1,
        MessagesRemoved => MessagesRemovedV1,
        MessagesDelivered => MessagesDeliveredV1,
        ExchangeDeclared => ExchangeDeclaredV1,
        ExchangeDeleted => ExchangeDeletedV1,
        QueueDeclared => QueueDeclaredV1,
        QueueDeleted => QueueDeletedV1,
        BindingAdded => BindingAddedV1,
        BindingRemoved => BindingRemovedV1,
        QueueSnapshot => QueueSnapshotV1,
        _ => throw new ArgumentException($"{value.GetType()} is not a broker event.", nameof(value)),
    };

    public byte[] ToBinary(object value) => value switch
    {
        QueueEvents e => Encode(e),
        MessageEnqueued e => Encode(e),
        MessagesRemoved e => EncodeIds(e.Ids),
        MessagesDelivered e => EncodeIds(e.Ids),
        ExchangeDeclared e => Encode(e),
        ExchangeDeleted e => EncodeName(e.Name),
        QueueDeclared e => Encode(e),
        QueueDeleted e => EncodeName(e.Name),
        BindingAdded e => EncodeBinding(e.Source, e.Destination, e.Kind, e.RoutingKey, e.Arguments),
        BindingRemoved e => EncodeBinding(e.Source, e.Destination, e.Kind, e.RoutingKey, e.Arguments),
        QueueSnapshot s => Encode(s),
        _ => throw new ArgumentException($"{value.GetType()} is not a broker event.", nameof(value)),
    };

    public object FromBinary(string manifest, ReadOnlyMemory<byte> bytes)
    {
        var reader = new EventReader(bytes, manifest);
        object value = manifest switch
        {
            MessageEnqueuedV1 => ReadMessage(ref reader),
            MessagesRemovedV1 => new MessagesRemoved(reader.Ids()),
            MessagesDeliveredV1 => new MessagesDelivered(reader.Ids()),
            ExchangeDeclaredV1 => ReadExchangeDeclared(ref reader),
            ExchangeDeletedV1 => new ExchangeDeleted(reader.String()),
            QueueDeclaredV1 => ReadQueueDeclared(ref reader),
            QueueDeletedV1 => new QueueDeleted(reader.String()),
            BindingAddedV1 => ReadBinding(ref reader, added: true),
            BindingRemovedV1 => ReadBinding(ref reader, added: false),
            QueueSnapshotV1 => ReadSnapshot(ref reader),
            QueueEventsV1 => ReadQueueEvents(ref reader),
            _ => throw new EventFormatException($"Unknown broker event manifest '{manifest}'."),
        };
        reader.EnsureEnd();
        return value;
    }

    // ---- messages ------------------------------------------------------------------------------------------------

    private static byte[] Encode(MessageEnqueued e)
    {
        var buffer = new byte[MessageSize(e)];
        var writer = new EventWriter(buffer);
        WriteMessage(ref writer, e);
        return buffer;
    }

    private static int MessageSize(MessageEnqueued e) =>
        EventSize.VarUInt((ulong)e.Id) + EventSize.VarUInt(StoredExpiry(e.ExpiresAtMs)) + EventSize.String(e.Exchange)
        + EventSize.String(e.RoutingKey) + EventSize.Bytes(e.Properties.Length) + EventSize.Bytes(e.Body.Length);

    private static void WriteMessage(ref EventWriter writer, MessageEnqueued e)
    {
        writer.VarUInt((ulong)e.Id);
        writer.VarUInt(StoredExpiry(e.ExpiresAtMs));
        writer.String(e.Exchange);
        writer.String(e.RoutingKey);
        writer.Bytes(e.Properties.Span);
        writer.Bytes(e.Body.Span);
    }

    private static MessageEnqueued ReadMessage(ref EventReader reader)
    {
        RecentString exchange = default, routingKey = default;
        return ReadMessage(ref reader, ref exchange, ref routingKey);
    }

    private static MessageEnqueued ReadMessage(ref EventReader reader, ref RecentString exchange, ref RecentString routingKey)
    {
        var id = reader.VarUInt();
        if (id is 0 or > long.MaxValue) throw reader.Corrupt($"invalid message id {id}");
        var expiry = reader.VarUInt();
        if (expiry > long.MaxValue) throw reader.Corrupt($"invalid expiry {expiry}");
        var expiresAt = expiry == 0 ? long.MaxValue : (long)expiry - 1;
        var exchangeName = reader.String(ref exchange);
        var routingKeyName = reader.String(ref routingKey);
        var properties = reader.Bytes();
        var body = reader.Bytes();
        try
        {
            return new MessageEnqueued((long)id, exchangeName, routingKeyName, properties, body, expiresAt);
        }
        catch (AmqpProtocolException e)
        {
            throw reader.Corrupt("bad message properties: " + e.Message);
        }
    }

    // 0 = never; else the time + 1 (times are non-negative Unix ms).
    private static ulong StoredExpiry(long expiresAtMs) =>
        expiresAtMs == long.MaxValue ? 0 : (ulong)Math.Max(0, expiresAtMs) + 1;

    private static byte[] EncodeIds(long[] ids)
    {
        var buffer = new byte[EventSize.Ids(ids)];
        var writer = new EventWriter(buffer);
        writer.Ids(ids);
        return buffer;
    }

    private static byte[] Encode(QueueSnapshot s)
    {
        var buffer = new byte[MessagesSize(s.Messages) + EventSize.Ids(s.DeliveredIds)];
        var writer = new EventWriter(buffer);
        WriteMessages(ref writer, s.Messages);
        writer.Ids(s.DeliveredIds);
        return buffer;
    }

    private static QueueSnapshot ReadSnapshot(ref EventReader reader) => new(ReadMessages(ref reader), reader.Ids());

    private static byte[] Encode(QueueEvents e)
    {
        // Every byte is written (checked below): no need to clear tens of KB first.
        var buffer = GC.AllocateUninitializedArray<byte>(
            MessagesSize(e.Enqueued) + EventSize.Ids(e.DeliveredIds) + EventSize.Ids(e.RemovedIds));
        var writer = new EventWriter(buffer);
        WriteMessages(ref writer, e.Enqueued);
        writer.Ids(e.DeliveredIds);
        writer.Ids(e.RemovedIds);
        if (writer.Position != buffer.Length)
            throw new InvalidOperationException($"qe1: wrote {writer.Position} of {buffer.Length} bytes");
        return buffer;
    }

    private static QueueEvents ReadQueueEvents(ref EventReader reader)
    {
        var messages = ReadMessages(ref reader);
        var delivered = reader.Ids();
        return new QueueEvents(messages, delivered, reader.Ids());
    }

    // Consecutive messages of a write mostly share the exchange and routing key (the same string objects): those are
    // measured and encoded once per run, then copied.
    private static int MessagesSize(IReadOnlyList<MessageEnqueued> messages)
    {
        var size = EventSize.VarUInt((ulong)messages.Count);
        string? exchange = null, routingKey = null;
        int exchangeSize = 0, routingKeySize = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var e = messages[i];
            if (!ReferenceEquals(e.Exchange, exchange)) (exchange, exchangeSize) = (e.Exchange, EventSize.String(e.Exchange));
            if (!ReferenceEquals(e.RoutingKey, routingKey)) (routingKey, routingKeySize) = (e.RoutingKey, EventSize.String(e.RoutingKey));
            size += EventSize.VarUInt((ulong)e.Id) + EventSize.VarUInt(StoredExpiry(e.ExpiresAtMs)) + exchangeSize
                + routingKeySize + EventSize.Bytes(e.Properties.Length) + EventSize.Bytes(e.Body.Length);
        }
        return size;
    }

    private static void WriteMessages(ref EventWriter writer, IReadOnlyList<MessageEnqueued> messages)
    {
        writer.VarUInt((ulong)messages.Count);
        string? exchange = null, routingKey = null;
        int exchangeAt = 0, exchangeSize = 0, routingKeyAt = 0, routingKeySize = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var e = messages[i];
            writer.VarUInt((ulong)e.Id);
            writer.VarUInt(StoredExpiry(e.ExpiresAtMs));
            WriteRepeated(ref writer, e.Exchange, ref exchange, ref exchangeAt, ref exchangeSize);
            WriteRepeated(ref writer, e.RoutingKey, ref routingKey, ref routingKeyAt, ref routingKeySize);
            writer.Bytes(e.Properties.Span);
            writer.Bytes(e.Body.Span);
        }
    }

    private static void WriteRepeated(ref EventWriter writer, string value, ref string? last, ref int lastAt, ref int lastSize)
    {
        if (ReferenceEquals(value, last))
        {
            writer.Repeat(lastAt, lastSize);
            return;
        }
        last = value;
        lastAt = writer.Position;
        writer.String(value);
        lastSize = writer.Position - lastAt;
    }

    private static MessageEnqueued[] ReadMessages(ref EventReader reader)
    {
        var count = reader.Length(); // each message takes more than one byte
        var messages = new MessageEnqueued[count];
        RecentString exchange = default, routingKey = default;
        for (var i = 0; i < count; i++) messages[i] = ReadMessage(ref reader, ref exchange, ref routingKey);
        return messages;
    }

    // ---- topology ------------------------------------------------------------------------------------------------

    private const byte DurableFlag = 1;
    private const byte AutoDeleteFlag = 2;
    private const byte ThirdFlag = 4; // exchange: internal; queue: exclusive

    private static byte Flags(bool durable, bool autoDelete, bool third) =>
        (byte)((durable ? DurableFlag : 0) | (autoDelete ? AutoDeleteFlag : 0) | (third ? ThirdFlag : 0));

    private static byte ReadFlags(ref EventReader reader)
    {
        var flags = reader.Byte();
        if ((flags & ~(DurableFlag | AutoDeleteFlag | ThirdFlag)) != 0) throw reader.Corrupt($"unknown flags 0x{flags:X2}");
        return flags;
    }

    private static byte[] EncodeName(string name)
    {
        var buffer = new byte[EventSize.String(name)];
        var writer = new EventWriter(buffer);
        writer.String(name);
        return buffer;
    }

    private static byte[] Encode(ExchangeDeclared e)
    {
        var buffer = new byte[EventSize.String(e.Name) + EventSize.String(e.Type) + 1 + EventSize.Table(e.Arguments)];
        var writer = new EventWriter(buffer);
        writer.String(e.Name);
        writer.String(e.Type);
        writer.Byte(Flags(e.Durable, e.AutoDelete, e.Internal));
        writer.Table(e.Arguments);
        return buffer;
    }

    private static ExchangeDeclared ReadExchangeDeclared(ref EventReader reader)
    {
        var name = reader.String();
        var type = reader.String();
        var flags = ReadFlags(ref reader);
        return new ExchangeDeclared(name, type, (flags & DurableFlag) != 0, (flags & AutoDeleteFlag) != 0,
            (flags & ThirdFlag) != 0, reader.Table());
    }

    private static byte[] Encode(QueueDeclared e)
    {
        var buffer = new byte[EventSize.String(e.Name) + 1 + EventSize.Table(e.Arguments)];
        var writer = new EventWriter(buffer);
        writer.String(e.Name);
        writer.Byte(Flags(e.Durable, e.AutoDelete, e.Exclusive));
        writer.Table(e.Arguments);
        return buffer;
    }

    private static QueueDeclared ReadQueueDeclared(ref EventReader reader)
    {
        var name = reader.String();
        var flags = ReadFlags(ref reader);
        return new QueueDeclared(name, (flags & DurableFlag) != 0, (flags & AutoDeleteFlag) != 0, (flags & ThirdFlag) != 0,
            reader.Table());
    }

    private static byte[] EncodeBinding(string source, string destination, DestinationKind kind, string routingKey, FieldTable args)
    {
        var buffer = new byte[EventSize.String(source) + EventSize.String(destination) + 1 + EventSize.String(routingKey)
                              + EventSize.Table(args)];
        var writer = new EventWriter(buffer);
        writer.String(source);
        writer.String(destination);
        writer.Byte((byte)kind);
        writer.String(routingKey);
        writer.Table(args);
        return buffer;
    }

    private static object ReadBinding(ref EventReader reader, bool added)
    {
        var source = reader.String();
        var destination = reader.String();
        var kind = reader.Byte() switch
        {
            0 => DestinationKind.Queue,
            1 => DestinationKind.Exchange,
            var k => throw reader.Corrupt($"unknown destination kind {k}"),
        };
        var routingKey = reader.String();
        var args = reader.Table();
        return added
            ? new BindingAdded(source, destination, kind, routingKey, args)
            : new BindingRemoved(source, destination, kind, routingKey, args);
    }
}
