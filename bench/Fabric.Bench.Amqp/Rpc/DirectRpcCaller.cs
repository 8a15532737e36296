using System.Diagnostics;
using Fabric.Bench.Amqp.Measurement;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>One sequential caller with direct reply-to: publish the request (reply_to amq.rabbitmq.reply-to) on the
/// channel that consumes the pseudo-queue, wait for the reply, repeat. Owns its channel, body, waiter and samples.</summary>
internal sealed class DirectRpcCaller(int index, IChannel channel, ReplyWaiter waiter, int bodySize, ProgressCounter progress)
{
    public const string ReplyTo = "amq.rabbitmq.reply-to";

    private readonly byte[] _body = new byte[Math.Max(bodySize, DirectReplyReceiver.IdLength)];
    private readonly BasicProperties _properties = new()
    {
        DeliveryMode = DeliveryModes.Transient,
        ReplyTo = ReplyTo,
        CorrelationId = "caller-" + index,
    };
    private long _sequence;

    public async Task CallAsync(CachedString routingKey, int calls, LatencyRecorder? latencies, CancellationToken cancel)
    {
        var exchange = new CachedString("");
        for (int i = 0; i < calls; i++)
        {
            long sequence = ++_sequence;
            DirectReplyReceiver.WriteId(_body, index, sequence);
            var reply = waiter.Expect(sequence);
            long started = Stopwatch.GetTimestamp();
            await channel.BasicPublishAsync(exchange, routingKey, false, _properties, _body, cancel);
            await reply;
            latencies?.Record(Stopwatch.GetTimestamp() - started);
            progress.Tick();
        }
    }
}
