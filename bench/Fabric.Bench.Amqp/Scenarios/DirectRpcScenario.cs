using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Rpc;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>RPC as RabbitMQ's tutorials and many clients do it, with direct reply-to: the server consumes a request
/// queue (manual ack) and replies through the default exchange to each request's reply_to; each caller (a channel of
/// one connection) consumes amq.rabbitmq.reply-to (no-ack) and publishes its requests with reply_to
/// amq.rabbitmq.reply-to, so replies reach it without a reply queue. Calls one after another per caller; figures as
/// the rpc scenario: calls/s, call latency p50/p99, broker CPU per call.</summary>
internal sealed class DirectRpcScenario(string name, int callers, int callsPerCaller) : IScenario
{
    private const string RequestQueue = "fabric-bench.rpc-direct";

    public string Name => name;

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        var serverConnection = await context.ConnectAsync(name + "-server");
        var callerConnection = await context.ConnectAsync(name + "-caller");
        try
        {
            var serverChannel = await serverConnection.CreateChannelAsync(cancellationToken: cancel);
            await serverChannel.QueueDeclareAsync(RequestQueue, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
            await serverChannel.QueuePurgeAsync(RequestQueue, cancel);
            var server = new DirectRpcServer(serverChannel);
            await serverChannel.BasicConsumeAsync(RequestQueue, autoAck: false, server, cancel);

            var waiters = new ReplyWaiter[callers];
            for (int i = 0; i < callers; i++) waiters[i] = new ReplyWaiter();
            await using var failWaiters = cancel.Register(static s =>
            {
                foreach (var w in (ReplyWaiter[])s!) w.Fail(new TimeoutException("rpc-direct: no reply before the time limit"));
            }, waiters);
            var rpcCallers = new DirectRpcCaller[callers];
            var receivers = new DirectReplyReceiver[callers];
            for (int i = 0; i < callers; i++)
            {
                var channel = await callerConnection.CreateChannelAsync(cancellationToken: cancel);
                receivers[i] = new DirectReplyReceiver(channel, waiters);
                await channel.BasicConsumeAsync(DirectRpcCaller.ReplyTo, autoAck: true, receivers[i], cancel);
                rpcCallers[i] = new DirectRpcCaller(i, channel, waiters[i], ScenarioContext.BodySize, context.Progress);
            }
            var routingKey = new CachedString(RequestQueue);

            await RpcRounds.RunAsync(context, callers, callsPerCaller,
                (calls, latencies) => RunCallersAsync(rpcCallers, routingKey, calls, latencies, cancel));
            if (server.Malformed > 0) throw new InvalidOperationException($"rpc-direct server got {server.Malformed} requests without reply_to");
        }
        finally
        {
            await ScenarioCleanup.DeleteQueuesAsync(context, serverConnection, [RequestQueue]);
        }
    }

    private static Task RunCallersAsync(DirectRpcCaller[] callers, CachedString routingKey, int calls,
        LatencyRecorder[]? latencies, CancellationToken cancel)
    {
        var running = new Task[callers.Length];
        for (int i = 0; i < callers.Length; i++)
            running[i] = callers[i].CallAsync(routingKey, calls, latencies?[i], cancel);
        return Task.WhenAll(running);
    }
}
