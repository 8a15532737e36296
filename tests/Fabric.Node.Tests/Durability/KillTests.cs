using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// Issue 4's judge: a node process on SQLite or PostgreSQL, publishers with confirms and a consumer from
/// RabbitMQ.Client, kill -9 at a seeded point (<see cref="KillPlan"/>), restart on the same store, and count: every
/// confirmed message exactly once and intact, nothing transient, settled acks never back, settled deliveries back
/// redelivered, purged and deleted content gone, durable topology with its arguments and routing intact.
/// </summary>
[Trait("Needs", "Durability")]
public sealed class KillTests
{
    private static readonly TimeSpan Patience = NodeLives.Patience;
    private const string Doomed = "k.doomed";

    private readonly ITestOutputHelper _output;

    public KillTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [KillCases(StoreProvider.Sqlite)]
    [KillCases(StoreProvider.Postgres)]
    public async Task Confirmed_messages_and_durable_topology_survive_kill_9(StoreProvider provider, KillPoint point)
    {
        var plan = KillPlan.For(point);
        _output.WriteLine($"{provider} {plan}");
        await using var store = await KillStore.CreateAsync(provider);
        await using var lives = new NodeLives(store, _output);
        var ledger = new MessageLedger();
        var mainConsumed = false;

        var connection = await lives.StartAsync();
        await KillTopology.DeclareAsync(connection);
        switch (point)
        {
            case KillPoint.AfterDeclares:
                await lives.KillAsync();
                break;
            case KillPoint.AfterFirstConfirm or KillPoint.AfterConfirms or KillPoint.MidBatch:
                await PublishAndKillAsync(lives, ledger, plan, connection,
                    l => l.DurableConfirms >= plan.ConfirmsBeforeKill && l.Outstanding >= plan.InFlightAtKill);
                break;
            case KillPoint.WhileConsuming:
                mainConsumed = true;
                await ConsumeAndKillAsync(lives, ledger, plan, connection);
                break;
            case KillPoint.AfterPurge or KillPoint.AfterDelete:
                await EmptyAndKillAsync(lives, ledger, plan, connection, point);
                break;
            case KillPoint.AfterCompaction:
                mainConsumed = true;
                await CompactAndKillAsync(lives, ledger, plan, connection);
                Assert.True(await store.IsCompactedAsync("queue|/|" + KillTopology.Main),
                    "the kill point was missed: the main queue's journal was not compacted before the kill; " + ledger.Summary());
                break;
            case KillPoint.KillTwice:
                mainConsumed = true;
                await PublishAndKillAsync(lives, ledger, plan, connection, l => l.DurableConfirms >= plan.ConfirmsBeforeKill);
                await lives.Launch().WaitForOutputAsync("recovered queue|/|" + KillTopology.Main, Patience);
                await lives.KillAsync();
                await ConsumeAndKillAsync(lives, ledger, plan, await lives.StartAsync());
                break;
        }

        connection = await lives.StartAsync();
        var violations = new List<string>();
        ledger.Verify(KillTopology.Main, await QueueDrain.DrainAsync(connection, KillTopology.Main), !mainConsumed, violations);
        ledger.Verify(KillTopology.Routed, await QueueDrain.DrainAsync(connection, KillTopology.Routed), true, violations);
        lives.Log("drained: " + ledger.Summary());
        foreach (var violation in violations.Take(50)) _output.WriteLine(violation);
        Assert.True(violations.Count == 0,
            $"{violations.Count} violations after kill point {point} on {provider}; first: {violations.FirstOrDefault()}");
        await KillTopology.VerifyAsync(connection);
        lives.Log("topology verified");
        if (point is KillPoint.AfterPurge or KillPoint.AfterDelete) await VerifyDoomedAsync(connection, point);
    }

    /// <summary>Publishers on their own channels until <paramref name="killWhen"/> holds, then kill -9.</summary>
    private static async Task PublishAndKillAsync(NodeLives lives, MessageLedger ledger, KillPlan plan, IConnection connection,
        Func<MessageLedger, bool> killWhen)
    {
        using var stop = new CancellationTokenSource();
        var publishing = StartPublishers(ledger, plan, connection, stop.Token);
        await KillWhenAsync(lives, ledger, killWhen, publishing);
        await stop.CancelAsync();
        await publishing.WaitAsync(Patience);
    }

    /// <summary>
    /// A consumer acking (leaving some unacked) while publishers go on; a barrier after some deliveries, then the
    /// kill once more have come in (their acks and delivery records in flight).
    /// </summary>
    private static async Task ConsumeAndKillAsync(NodeLives lives, MessageLedger ledger, KillPlan plan, IConnection connection)
    {
        await using var consumer = new AckingConsumer(ledger, await lives.ConnectAsync(), plan.KeepEvery);
        await consumer.StartAsync(prefetch: 500); // above the most it leaves unacked
        using var stop = new CancellationTokenSource();
        var publishing = StartPublishers(ledger, plan, connection, stop.Token);
        var before = ledger.Deliveries;
        await Until(ledger, l => l.Deliveries >= before + plan.DeliveriesBeforeBarrier, publishing);
        await consumer.BarrierAsync();
        var settled = ledger.Deliveries;
        await KillWhenAsync(lives, ledger, l => l.Deliveries >= settled + plan.DeliveriesAfterBarrier, publishing);
        await stop.CancelAsync();
        await publishing.WaitAsync(Patience);
    }

    /// <summary>
    /// Fills the main queue past the compaction threshold (every message journalled), drains it with the consumer
    /// (unacked ones pin the journal's tail, so the compaction is a snapshot of the few live messages), and kills
    /// right after the snapshot is on disk, acks still in flight. Two barriers: once the first is confirmed, the
    /// write holding the acks has completed and the snapshot was handed to the store's writer; the second is
    /// written after it, so its confirm means the snapshot is on disk.
    /// </summary>
    private static async Task CompactAndKillAsync(NodeLives lives, MessageLedger ledger, KillPlan plan, IConnection connection)
    {
        await StartPublishers(ledger, plan, connection, CancellationToken.None).WaitAsync(Patience);
        await using var consumer = new AckingConsumer(ledger, await lives.ConnectAsync(), plan.KeepEvery);
        await consumer.StartAsync(prefetch: 500);
        await Until(ledger, l => l.Deliveries >= plan.DeliveriesBeforeBarrier + plan.DeliveriesAfterBarrier,
            Task.Delay(Timeout.Infinite));
        await consumer.BarrierAsync();
        await consumer.BarrierAsync();
        await lives.KillAsync();
        ledger.Killed();
    }

    /// <summary>
    /// Confirmed messages in the ledger's queues and in a doomed queue; then, with a publisher keeping the store's
    /// writer busy (so a write of the purge or delete would wait for a commit), purge (or delete) and kill at once.
    /// </summary>
    private static async Task EmptyAndKillAsync(NodeLives lives, MessageLedger ledger, KillPlan plan, IConnection connection,
        KillPoint point)
    {
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(Doomed, durable: true, exclusive: false, autoDelete: false);
        var doomed = new List<Task>();
        for (var i = 0; i < plan.MessagesPerPublisher; i++)
            doomed.Add(channel.BasicPublishAsync("", Doomed, false, new BasicProperties { Persistent = true },
                MessageBody.Create(0, i + 1)).AsTask());
        await StartPublishers(ledger, plan, connection, CancellationToken.None).WaitAsync(Patience);
        await Task.WhenAll(doomed).WaitAsync(Patience);

        using var stop = new CancellationTokenSource();
        var busy = new ConfirmingPublisher(ledger, await lives.ConnectAsync(), plan.Seed, int.MaxValue, plan.Window,
            MessageKind.PersistentRouted);
        var publishing = Task.Run(() => busy.RunAsync(stop.Token), CancellationToken.None);
        var confirms = ledger.DurableConfirms;
        await Until(ledger, l => l.DurableConfirms >= confirms + plan.Window, publishing);
        if (point == KillPoint.AfterPurge)
        {
            Assert.Equal((uint)plan.MessagesPerPublisher, await channel.QueuePurgeAsync(Doomed));
            await channel.QueuePurgeAsync(KillTopology.Main);
            ledger.PurgedMain();
        }
        else
        {
            Assert.Equal((uint)plan.MessagesPerPublisher, await channel.QueueDeleteAsync(Doomed));
        }
        await lives.KillAsync();
        ledger.Killed();
        DeadLink.Close(channel);
        await stop.CancelAsync();
        await publishing.WaitAsync(Patience);
    }

    /// <summary>The purged queue stays empty; the deleted one stays deleted, and declared again it is empty (its old
    /// journal does not come back).</summary>
    private static async Task VerifyDoomedAsync(IConnection connection, KillPoint point)
    {
        if (point == KillPoint.AfterDelete)
        {
            var probe = await connection.CreateChannelAsync();
            var missing = await Assert.ThrowsAsync<OperationInterruptedException>(() => probe.QueueDeclarePassiveAsync(Doomed));
            Assert.Equal(404, (int?)missing.ShutdownReason?.ReplyCode);
            await probe.DisposeAsync();
        }
        await using var channel = await connection.CreateChannelAsync();
        var again = await channel.QueueDeclareAsync(Doomed, durable: true, exclusive: false, autoDelete: false);
        Assert.True(again.MessageCount == 0, $"{Doomed} holds {again.MessageCount} messages after {point}");
    }

    private static Task StartPublishers(MessageLedger ledger, KillPlan plan, IConnection connection, CancellationToken stop)
    {
        var publishers = new Task[plan.Publishers];
        for (var i = 0; i < publishers.Length; i++)
        {
            var publisher = new ConfirmingPublisher(ledger, connection, plan.Seed + i, plan.MessagesPerPublisher, plan.Window, plan.Only);
            publishers[i] = Task.Run(() => publisher.RunAsync(stop), CancellationToken.None);
        }
        return Task.WhenAll(publishers);
    }

    private static async Task KillWhenAsync(NodeLives lives, MessageLedger ledger, Func<MessageLedger, bool> condition,
        Task publishing)
    {
        await Until(ledger, condition, publishing);
        lives.Log("kill point reached: " + ledger.Summary());
        await lives.KillAsync();
        ledger.Killed();
    }

    /// <summary>Waits for the condition; fails if it does not come (the kill point would be missed).</summary>
    private static async Task Until(MessageLedger ledger, Func<MessageLedger, bool> condition, Task publishing)
    {
        var holds = ledger.Until(condition);
        var timeout = Task.Delay(Patience);
        var first = await Task.WhenAny(holds, publishing, timeout);
        // Publishers done sending: confirms or deliveries in flight may still meet the condition.
        if (first == publishing) await Task.WhenAny(holds, timeout);
        Assert.True(holds.IsCompleted, $"the kill point was not reached ({(publishing.IsCompleted ? "publishers finished" : "timed out")}): " +
                                       ledger.Summary() + "; unanswered: " + ledger.Unanswered());
    }
}
