using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class PublisherConfirmTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_persistent_message_in_a_durable_queue_is_confirmed_only_after_its_write_others_at_once()
    {
        await using var node = await ConfirmNode.StartAsync("confirms");
        var (journal, vhost) = (node.Journal, node.VHost);
        journal.Hold(); // after the start, which writes the users, vhosts and permissions of the configuration
        await node.DeclareQueue("q", durable: true);
        await node.DeclareQueue("t", durable: false);
        var probe = node.Kit.CreateTestProbe();
        var durable = vhost.FindQueue("q")!.Actor;

        durable.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: true), probe, 1, 1, ConfirmInRuns: true));
        durable.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: true), probe, 1, 2, ConfirmInRuns: true));
        durable.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: false), probe, 1, 3, ConfirmInRuns: true));
        vhost.FindQueue("t")!.Actor.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: true), probe, 1, 4, ConfirmInRuns: true));
        var immediate = new[] { probe.ExpectMsg<QueuePublishConfirmed>(Long).SeqNo, probe.ExpectMsg<QueuePublishConfirmed>(Long).SeqNo };
        Array.Sort(immediate);
        Assert.Equal([3UL, 4UL], immediate);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.True(journal.HeldCount >= 1);

        journal.Release();
        // Held back confirms come in runs, one message per write.
        var durableConfirms = new List<ulong>();
        while (durableConfirms.Count < 2)
        {
            foreach (var run in probe.ExpectMsg<QueuePublishConfirmedRuns>(Long).Runs)
            {
                Assert.Equal(1, run.Channel);
                for (var seq = run.First; seq <= run.Last; seq++) durableConfirms.Add(seq);
            }
        }
        durableConfirms.Sort();
        Assert.Equal([1UL, 2UL], durableConfirms);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.True(await node.Store.ReadHighestSequenceNrAsync(QueueStore.PersistenceIdOf("/", "q")) >= 1);
    }

    [Fact]
    public async Task A_failed_journal_write_nacks_the_publishes_it_held()
    {
        await using var node = await ConfirmNode.StartAsync("confirm-failure");
        var vhost = node.VHost;
        await node.DeclareQueue("q", durable: true);
        var probe = node.Kit.CreateTestProbe();
        node.Journal.FailNext(1);
        vhost.FindQueue("q")!.Actor.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: true), probe, 1, 7, ConfirmInRuns: true));
        var nack = probe.ExpectMsg<QueuePublishConfirmed>(Long);
        Assert.Equal((1, 7UL, false), (nack.Channel, nack.SeqNo, nack.Ack));

        // The restarted queue takes publishes again and confirms them once written.
        vhost.FindQueue("q")!.Actor.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: true), probe, 1, 8, ConfirmInRuns: true));
        var run = Assert.Single(probe.ExpectMsg<QueuePublishConfirmedRuns>(Long).Runs);
        Assert.Equal((1, 8UL, 8UL), (run.Channel, run.First, run.Last));
    }
}
