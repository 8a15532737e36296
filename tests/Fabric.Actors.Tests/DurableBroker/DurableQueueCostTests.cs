using System.Diagnostics;
using Fabric.Actors.Tests.Persistence;
using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>
/// What the persistent path costs inside the broker (queue actor, journal, store; no sockets): a publisher with 512
/// confirms in flight and a consumer acking each delivery, through a durable queue with persistent messages and
/// through a transient one. FABRIC_COST_MESSAGES sets the count (default 20 000).
/// </summary>
public sealed class DurableQueueCostTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Persistent_messages_through_a_durable_queue_cost_a_few_microseconds_more_than_transient_ones()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("FABRIC_COST_MESSAGES"), out var n) ? n : 20_000;
        using var file = new TempDatabaseFile();
        await using var node = await DurableNode.StartAsync(file.Path);
        await node.DeclareQueue("d", durable: true);
        await node.DeclareQueue("t", durable: false);

        await RunAsync(node, "t", persistent: false, total / 4);
        await RunAsync(node, "d", persistent: true, total / 4);
        var transient = await RunAsync(node, "t", persistent: false, total);
        var persistent = await RunAsync(node, "d", persistent: true, total);
        output.WriteLine($"transient:  {transient}");
        output.WriteLine($"persistent: {persistent}");
    }

    private async Task<Cost> RunAsync(DurableNode node, string queue, bool persistent, int total)
    {
        var target = node.VHost.FindQueue(queue)!.Actor;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var properties = new BasicProperties { DeliveryMode = persistent ? (byte)2 : (byte)1 }.ToArray();
        var body = new byte[256];
        var driver = node.Kit.Sys.ActorOf(Props.Create(() => new Driver(target, total, properties, body, persistent, done)));
        GC.Collect();
        var writer = WriterTicks();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        driver.Tell(Driver.Start.Instance);
        await done.Task.WaitAsync(Patience);
        var elapsed = clock.Elapsed;
        var cost = new Cost(total, elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu,
            GC.GetTotalAllocatedBytes(true) - allocated, WriterTicks() - writer);
        await target.Ask<QueueReply>(new QueueCancel(Driver.ChannelKey, "c"), Patience);
        node.Kit.Sys.Stop(driver);
        return cost;
    }

    private sealed record Cost(int Messages, TimeSpan Elapsed, TimeSpan Cpu, long Allocated, long WriterTicks)
    {
        public override string ToString() =>
            $"{Messages / Elapsed.TotalSeconds:N0} msgs/s, {Cpu.TotalMilliseconds * 1000 / Messages:F2} µs CPU/msg " +
            $"(store writer thread {WriterTicks * 10_000.0 / Messages:F2}), {(double)Allocated / Messages:F0} B allocated/msg";
    }

    /// <summary>CPU ticks (1/100 s) of the store's writer thread (Linux only; 0 elsewhere).</summary>
    private static long WriterTicks()
    {
        if (!Directory.Exists("/proc/self/task")) return 0;
        long ticks = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("fabric-sqlite", StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException)
            {
                // the thread ended
            }
        }
        return ticks;
    }

    private sealed class Driver(IActorRef queue, int total, byte[] properties, byte[] body, bool persistent,
        TaskCompletionSource done) : UntypedActor
    {
        public const long ChannelKey = (7L << 16) | 1;
        private const int Window = 512;
        private ulong _published;
        private ulong _confirmed;
        private int _acked;

        public sealed class Start
        {
            public static readonly Start Instance = new();
        }

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Start:
                    queue.Tell(new QueueConsume(Self, 1, ChannelKey, 7, "c", false, false, 100, FieldTable.Empty), Self);
                    PublishMore();
                    break;
                case QueueReply:
                    break;
                case QueuePublishConfirmed confirmed:
                    Assert.True(confirmed.Ack);
                    _confirmed++;
                    PublishMore();
                    break;
                case QueuePublishConfirmedRuns runs:
                    foreach (var run in runs.Runs) _confirmed += run.Last - run.First + 1;
                    PublishMore();
                    break;
                case QueueDeliver deliver:
                    queue.Tell(new QueueSettle(ChannelKey, [deliver.MessageId], SettleKind.Ack), Self);
                    _acked++;
                    break;
            }
            // Done when every publish is confirmed (exactly once) and every message delivered and acked.
            if (_acked == total && _confirmed == (ulong)total) done.TrySetResult();
            else if (_confirmed > (ulong)total) done.TrySetException(new InvalidOperationException($"{_confirmed} confirms for {total} publishes"));
        }

        protected override void PostStop() => done.TrySetException(new InvalidOperationException("stopped"));

        private void PublishMore()
        {
            while (_published < (ulong)total && _published - _confirmed < Window)
            {
                _published++;
                var message = new Message("", "q", properties, body, persistent);
                queue.Tell(new QueuePublish(message, Self, 1, _published, ConfirmInRuns: true), Self);
            }
        }
    }
}
