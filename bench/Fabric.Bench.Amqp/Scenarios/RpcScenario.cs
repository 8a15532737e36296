using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Rpc;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>oslo.messaging-style RPC over plain AMQP, as oslo.messaging 14's rabbit driver does it: the server consumes
/// "topic" and "topic.server", both bound to a topic control exchange; callers (one connection, a channel each)
/// publish calls there (TTL = the call timeout) and get replies through one shared reply queue "reply_&lt;uuid&gt;"
/// (x-expires as oslo's transient queues), to which the server publishes through the default exchange, mandatory.
/// Each caller runs its calls one after another; figures: calls/s, call latency p50/p99, broker CPU per call.</summary>
internal sealed class RpcScenario(string name, int callers, int callsPerCaller) : IScenario
{
    private const string Exchange = "fabric-bench-openstack";
    private const string Topic = "fabric_bench";
    private const string ServerQueue = Topic + ".server1";
    private const int ReplyQueueExpiresMs = 1_800_000; // oslo's rabbit_transient_queues_ttl default

    public string Name => name;

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        string replyQueue = "reply_" + Guid.NewGuid().ToString("N");
        var serverConnection = await context.ConnectAsync(name + "-server");
        var callerConnection = await context.ConnectAsync(name + "-caller");
        try
        {
            // Server side: the topic queue and the server's own queue, both bound to the control exchange.
            var serverChannel = await serverConnection.CreateChannelAsync(cancellationToken: cancel);
            var serverReplyChannel = await serverConnection.CreateChannelAsync(cancellationToken: cancel);
            await serverChannel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: false, autoDelete: false, cancellationToken: cancel);
            foreach (string q in (string[])[Topic, ServerQueue])
            {
                await serverChannel.QueueDeclareAsync(q, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
                await serverChannel.QueuePurgeAsync(q, cancel);
                await serverChannel.QueueBindAsync(q, Exchange, q, cancellationToken: cancel);
            }
            var server = new RpcServerConsumer(serverChannel, serverReplyChannel, ScenarioContext.BodySize);
            await serverChannel.BasicConsumeAsync(ServerQueue, autoAck: false, server, cancel);
            await serverChannel.BasicConsumeAsync(Topic, autoAck: false, server, cancel);

            // Caller side: the reply queue (reached through the default exchange), one consumer matching replies to callers.
            var replyChannel = await callerConnection.CreateChannelAsync(cancellationToken: cancel);
            await replyChannel.QueueDeclareAsync(replyQueue, durable: false, exclusive: false, autoDelete: false,
                new Dictionary<string, object?> { ["x-expires"] = ReplyQueueExpiresMs }, cancellationToken: cancel);
            var waiters = new ReplyWaiter[callers];
            for (int i = 0; i < callers; i++) waiters[i] = new ReplyWaiter();
            await replyChannel.BasicConsumeAsync(replyQueue, autoAck: false, new ReplyConsumer(replyChannel, waiters), cancel);
            await using var failWaiters = cancel.Register(static s =>
            {
                foreach (var w in (ReplyWaiter[])s!) w.Fail(new TimeoutException("rpc: no reply before the time limit"));
            }, waiters);

            var rpcCallers = new RpcCaller[callers];
            for (int i = 0; i < callers; i++)
                rpcCallers[i] = new RpcCaller(i, await callerConnection.CreateChannelAsync(cancellationToken: cancel), waiters[i], replyQueue, ScenarioContext.BodySize, context.Progress);
            var exchange = new CachedString(Exchange);
            var routingKey = new CachedString(ServerQueue);

            await RpcRounds.RunAsync(context, callers, callsPerCaller,
                (calls, latencies) => RunCallersAsync(rpcCallers, exchange, routingKey, calls, latencies, cancel));
            if (server.Malformed > 0) throw new InvalidOperationException($"rpc server got {server.Malformed} malformed calls");
        }
        finally
        {
            await ScenarioCleanup.DeleteQueuesAsync(context, serverConnection, [Topic, ServerQueue, replyQueue], [Exchange]);
        }
    }

    private static Task RunCallersAsync(RpcCaller[] callers, CachedString exchange, CachedString routingKey, int calls,
        LatencyRecorder[]? latencies, CancellationToken cancel)
    {
        var running = new Task[callers.Length];
        for (int i = 0; i < callers.Length; i++)
            running[i] = callers[i].CallAsync(exchange, routingKey, calls, latencies?[i], cancel);
        return Task.WhenAll(running);
    }
}
