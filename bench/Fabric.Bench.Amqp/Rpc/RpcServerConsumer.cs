using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>The oslo-style RPC server: acks each call, then publishes the reply (same msg id, "ending": true) through
/// the default exchange to the call's "_reply_q", mandatory as oslo does.
/// Runs with dispatch concurrency 1, so one reply buffer is enough.</summary>
internal sealed class RpcServerConsumer(IChannel channel, IChannel replyChannel, int bodySize) : AsyncDefaultBasicConsumer(channel)
{
    private readonly byte[] _reply = OsloEnvelope.ReplyTemplate(bodySize);
    private readonly int _replyIdOffset = OsloEnvelope.MsgIdOffset(OsloEnvelope.ReplyTemplate(bodySize));
    private static readonly CachedString DefaultExchange = new("");
    private readonly Dictionary<string, CachedString> _replyQueues = new(StringComparer.Ordinal);
    private readonly BasicProperties _properties = new() { ContentType = "application/json", ContentEncoding = "utf-8", DeliveryMode = DeliveryModes.Transient };

    public long Malformed;

    public override async Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange,
        string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        await Channel.BasicAckAsync(deliveryTag, false, cancellationToken);
        CachedString? replyTo = Parse(body.Span);
        if (replyTo is null)
        {
            Interlocked.Increment(ref Malformed);
            return;
        }
        await replyChannel.BasicPublishAsync(DefaultExchange, replyTo, true, _properties, _reply, cancellationToken);
    }

    // Copies the msg id into the reply buffer and returns the reply queue (cached: one string per caller process).
    private CachedString? Parse(ReadOnlySpan<byte> call)
    {
        int id = OsloEnvelope.MsgIdOffset(call);
        int queue = OsloEnvelope.ReplyQueueOffset(call);
        if (id < 0 || queue < 0 || call.Length < id + OsloEnvelope.MsgIdLength || call.Length < queue + OsloEnvelope.ReplyQueueLength)
            return null;
        call.Slice(id, OsloEnvelope.MsgIdLength).CopyTo(_reply.AsSpan(_replyIdOffset));
        var name = call.Slice(queue, OsloEnvelope.ReplyQueueLength);
        var lookup = _replyQueues.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[OsloEnvelope.ReplyQueueLength];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)name[i];
        if (lookup.TryGetValue(chars, out var cached)) return cached;
        string key = new(chars);
        var created = new CachedString(key);
        _replyQueues[key] = created;
        return created;
    }
}
