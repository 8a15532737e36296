using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Broker.Messages;

namespace Fabric.Broker.Contracts;

// The messages between channels (inside a connection actor) and queue actors.
// A channel key is (connectionId << 16) | channel number: unique per node.

/// <summary>Channel → queue. With a non-null <paramref name="ConfirmTo"/> the queue answers
/// <see cref="QueuePublishConfirmed"/> once the message is safe (after the journal write for a persistent message in a
/// durable queue, at once otherwise), or with Ack=false when it refused it (overflow reject-publish). With
/// <paramref name="ConfirmInRuns"/> the confirms held for a journal write come as one <see cref="QueuePublishConfirmedRuns"/>
/// per write instead (the receiver must understand both).</summary>
public sealed record QueuePublish(Message Message, IActorRef? ConfirmTo, ushort Channel, ulong SeqNo, bool ConfirmInRuns = false);

/// <summary>Queue → publishing connection.</summary>
public sealed record QueuePublishConfirmed(ushort Channel, ulong SeqNo, bool Ack);

/// <summary>Channel → queue; the queue replies <see cref="QueueReply"/> to the sender. <paramref name="Prefetch"/>:
/// basic.qos per consumer; <paramref name="ChannelPrefetch"/>: basic.qos global=true, shared by the channel's
/// consumers of this queue (0 = none). <paramref name="Batched"/>: the channel takes several deliveries as one
/// <see cref="QueueDeliveries"/> (the receiver must understand both that and <see cref="QueueDeliver"/>).
/// <paramref name="Credit"/> (no-ack only; 0 = unbounded): the queue hands the consumer at most this many deliveries
/// that the connection has not yet given back with <see cref="QueueCreditReturned"/>.</summary>
public sealed record QueueConsume(
    IActorRef Connection,
    ushort Channel,
    long ChannelKey,
    long ConnectionId,
    string ConsumerTag,
    bool NoAck,
    bool Exclusive,
    ushort Prefetch,
    FieldTable Arguments,
    ushort ChannelPrefetch = 0,
    bool Batched = false,
    int Credit = 0);

/// <summary>Channel → queue; the queue replies <see cref="QueueReply"/> to the sender.</summary>
public sealed record QueueCancel(long ChannelKey, string ConsumerTag);

/// <summary>Channel → queue (basic.get); the queue replies <see cref="QueueGetOk"/> or <see cref="QueueGetEmpty"/>.</summary>
public sealed record QueueGet(IActorRef Connection, ushort Channel, long ChannelKey, long ConnectionId, bool NoAck);

public sealed record QueueGetOk(string Queue, long MessageId, Message Message, bool Redelivered, uint MessageCount);

public sealed record QueueGetEmpty(string Queue);

/// <summary>Channel → queue: settles unacked deliveries of that channel (ack, nack/reject with or without requeue).</summary>
public sealed record QueueSettle(long ChannelKey, long[] MessageIds, SettleKind Kind);

public enum SettleKind
{
    Ack,
    Requeue,
    Discard,
}

/// <summary>Channel → queue: the channel closed; its consumers go and its unacked deliveries are requeued.</summary>
public sealed record QueueChannelClosed(long ChannelKey);

/// <summary>Channel → queue (basic.recover requeue=true): the channel's unacked deliveries are requeued.</summary>
public sealed record QueueRecover(long ChannelKey);

/// <summary>Queue → channel: the outcome of consume or cancel.</summary>
public sealed record QueueReply(AmqpProtocolException? Error)
{
    public static readonly QueueReply Ok = new((AmqpProtocolException?)null);
}

/// <summary>Queue → consumer's connection: write basic.deliver; the connection assigns the channel's delivery tag.</summary>
public sealed record QueueDeliver(ushort Channel, string ConsumerTag, string Queue, long MessageId, Message Message,
    bool Redelivered);

/// <summary>Queue → consumer's connection: the server cancels the consumer (queue deleted); write basic.cancel.</summary>
public sealed record QueueConsumerCancelled(ushort Channel, string ConsumerTag);
