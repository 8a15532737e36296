using System.Globalization;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

/// <summary>Many messages through queue actors to acking consumer actors: none lost, none duplicated, in order.</summary>
public sealed class QueueFlowTests : BrokerTestBase
{
    private sealed record Done(List<string> Bodies);

    /// <summary>
    /// A stand-in connection: acks each delivery at once; reports all bodies once it has seen <c>expected</c>, or
    /// each body as it comes when <c>expected</c> is 0.
    /// </summary>
    private sealed class AckingConsumer(IActorRef queue, long channelKey, int expected, IActorRef report) : UntypedActor
    {
        private readonly List<string> _bodies = [];

        protected override void OnReceive(object message)
        {
            if (message is not QueueDeliver delivery) return;
            _bodies.Add(BodyOf(delivery.Message));
            queue.Tell(new QueueSettle(channelKey, [delivery.MessageId], SettleKind.Ack));
            if (expected == 0) report.Tell(_bodies[^1]);
            else if (_bodies.Count == expected) report.Tell(new Done(_bodies));
        }
    }

    [Fact]
    public async Task Thousands_of_messages_reach_a_prefetch_limited_consumer_in_order()
    {
        const int count = 5000;
        await DeclareQueue("flow");
        var queue = QueueRef("flow");
        var consumer = Sys.ActorOf(Props.Create(() => new AckingConsumer(queue, ChannelKey(1, 1), count, TestActor)));
        Assert.Same(QueueReply.Ok, await queue.Ask<QueueReply>(new QueueConsume(consumer, 1, ChannelKey(1, 1), 1, "c",
            false, false, 20, FieldTable.Empty), Long));
        var confirms = CreateTestProbe();
        for (var i = 0; i < count; i++)
            Publish("", "flow", i.ToString(CultureInfo.InvariantCulture), confirmTo: confirms, seqNo: (ulong)i);
        var done = ExpectMsg<Done>(TimeSpan.FromSeconds(30));
        for (var i = 0; i < count; i++) Assert.Equal(i.ToString(CultureInfo.InvariantCulture), done.Bodies[i]);
        var acked = confirms.ReceiveN(count, TimeSpan.FromSeconds(30));
        Assert.All(acked, m => Assert.True(((QueuePublishConfirmed)m).Ack));
        var status = await VHost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "flow", Passive = true }, Session());
        Assert.Equal((0u, 1u), (status.MessageCount, status.ConsumerCount));
    }

    [Fact]
    public async Task Competing_consumers_share_the_messages_exactly_once()
    {
        const int count = 3000;
        await DeclareQueue("shared-flow");
        var queue = QueueRef("shared-flow");
        var reports = CreateTestProbe();
        var a = Sys.ActorOf(Props.Create(() => new AckingConsumer(queue, ChannelKey(1, 1), 0, reports)));
        var b = Sys.ActorOf(Props.Create(() => new AckingConsumer(queue, ChannelKey(2, 1), 0, reports)));
        await queue.Ask<QueueReply>(new QueueConsume(a, 1, ChannelKey(1, 1), 1, "a", false, false, 10, FieldTable.Empty), Long);
        await queue.Ask<QueueReply>(new QueueConsume(b, 1, ChannelKey(2, 1), 2, "b", false, false, 10, FieldTable.Empty), Long);
        for (var i = 0; i < count; i++) Publish("", "shared-flow", i.ToString(CultureInfo.InvariantCulture));
        var seen = reports.ReceiveN(count, TimeSpan.FromSeconds(30));
        Assert.Equal(count, seen.Distinct().Count());
        reports.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
