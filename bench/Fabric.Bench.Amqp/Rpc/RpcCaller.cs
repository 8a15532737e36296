using System.Diagnostics;
using Fabric.Bench.Amqp.Measurement;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>One sequential oslo-style caller: publish the call to the topic exchange, wait for its reply, repeat.
/// Owns its channel, body buffer, waiter and latency samples.</summary>
internal sealed class RpcCaller(int index, IChannel channel, ReplyWaiter waiter, string replyQueue, int bodySize, ProgressCounter progress)
{
    private readonly byte[] _body = OsloEnvelope.CallTemplate(replyQueue, bodySize);
    private readonly int _idOffset = OsloEnvelope.MsgIdOffset(OsloEnvelope.CallTemplate(replyQueue, bodySize));
    private long _sequence;

    // oslo sends calls non-persistent, JSON, with the call timeout as per-message TTL.
    private static readonly BasicProperties Properties = new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        DeliveryMode = DeliveryModes.Transient,
        Expiration = "60000",
    };

    public async Task CallAsync(CachedString exchange, CachedString routingKey, int calls, LatencyRecorder? latencies, CancellationToken cancel)
    {
        for (int i = 0; i < calls; i++)
        {
            long sequence = ++_sequence;
            OsloEnvelope.WriteMsgId(_body.AsSpan(_idOffset), index, sequence);
            var reply = waiter.Expect(sequence);
            long started = Stopwatch.GetTimestamp();
            await channel.BasicPublishAsync(exchange, routingKey, false, Properties, _body, cancel);
            await reply;
            latencies?.Record(Stopwatch.GetTimestamp() - started);
            progress.Tick();
        }
    }
}
