using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>Direct reply-to: the amq.rabbitmq.reply-to pseudo-queue, reply addresses, replies without a queue.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class DirectReplyTests : ConformanceTest
{
    private const string PseudoQueue = "amq.rabbitmq.reply-to";

    public DirectReplyTests(BrokerFixture broker) : base(broker)
    {
    }

    /// <summary>Publishes a request asking for a direct reply and returns the reply address the server sees.</summary>
    private async Task<(string Queue, string Address)> RequestAsync(IChannel client, string hint, string correlation)
    {
        var q = Queue(hint);
        await Channel.QueueDeclareAsync(q, false, false, false);
        var props = new BasicProperties { ReplyTo = PseudoQueue, CorrelationId = correlation };
        await client.BasicPublishAsync("", q, false, props, Utf8("request"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        var request = await Channel.BasicGetAsync(q, autoAck: true);
        Assert.NotNull(request);
        Assert.Equal(correlation, request!.BasicProperties.CorrelationId);
        return (q, request.BasicProperties.ReplyTo!);
    }

    [Fact]
    public async Task Reply_to_the_address_a_request_carries_reaches_the_reply_consumer()
    {
        var client = await Connection.CreateChannelAsync();
        var replies = await ConsumeAsync(client, PseudoQueue, autoAck: true);
        var (_, address) = await RequestAsync(client, "dr-rpc", "c-1");
        Assert.StartsWith(PseudoQueue + ".", address);
        Assert.True(address.Length > PseudoQueue.Length + 1);

        await using var serverConnection = await Broker.ConnectAsync();
        await using var server = await serverConnection.CreateChannelAsync();
        await server.BasicPublishAsync("", address, false, new BasicProperties { CorrelationId = "c-1" }, Utf8("reply"));

        var reply = await replies.ReceiveAsync();
        Assert.Equal("reply", reply.Text);
        Assert.Equal("", reply.Exchange);
        Assert.Equal(address, reply.RoutingKey);
        Assert.Equal("c-1", reply.Properties.CorrelationId);
        Assert.False(reply.Redelivered);
    }

    [Fact]
    public async Task Each_reply_channel_gets_its_own_address_and_only_its_replies()
    {
        var a = await Connection.CreateChannelAsync();
        var b = await Connection.CreateChannelAsync();
        var repliesA = await ConsumeAsync(a, PseudoQueue, autoAck: true);
        var repliesB = await ConsumeAsync(b, PseudoQueue, autoAck: true);
        var (_, addressA) = await RequestAsync(a, "dr-a", "a");
        var (_, addressB) = await RequestAsync(b, "dr-b", "b");
        Assert.NotEqual(addressA, addressB);

        await Channel.BasicPublishAsync("", addressB, Utf8("for b"));
        await Channel.BasicPublishAsync("", addressA, Utf8("for a"));
        Assert.Equal("for a", (await repliesA.ReceiveAsync()).Text);
        Assert.Equal("for b", (await repliesB.ReceiveAsync()).Text);
        Assert.Equal(0, repliesA.Pending);
        Assert.Equal(0, repliesB.Pending);
    }

    [Fact]
    public async Task Passive_declare_finds_the_pseudo_queue_and_live_addresses_only()
    {
        var ok = await Channel.QueueDeclarePassiveAsync(PseudoQueue);
        Assert.Equal(PseudoQueue, ok.QueueName);
        Assert.Equal(0u, ok.MessageCount);
        Assert.Equal(1u, ok.ConsumerCount);

        var client = await Connection.CreateChannelAsync();
        await ConsumeAsync(client, PseudoQueue, autoAck: true);
        var (_, address) = await RequestAsync(client, "dr-passive", "p");
        Assert.Equal(1u, (await Channel.QueueDeclarePassiveAsync(address)).ConsumerCount);

        await client.CloseAsync();
        var probe = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(404, () => probe.QueueDeclarePassiveAsync(address));
    }

    [Fact]
    public async Task Closing_the_connection_and_cancelling_remove_the_address()
    {
        var other = await NewConnectionAsync();
        var client = await other.CreateChannelAsync();
        await ConsumeAsync(client, PseudoQueue, autoAck: true);
        var (_, address) = await RequestAsync(client, "dr-connclose", "x");
        await other.CloseAsync();
        var probe = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(404, () => probe.QueueDeclarePassiveAsync(address));

        var again = await Connection.CreateChannelAsync();
        var sink = new DeliverySink(again);
        string tag = await again.BasicConsumeAsync(PseudoQueue, true, sink.Consumer);
        var (_, second) = await RequestAsync(again, "dr-cancel2", "y");
        await again.BasicCancelAsync(tag);
        var probe2 = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(404, () => probe2.QueueDeclarePassiveAsync(second));
    }

    [Fact]
    public async Task Reply_consumer_must_be_no_ack()
    {
        var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(406, () => ch.BasicConsumeAsync(PseudoQueue, false, new AsyncEventingBasicConsumer(ch)));
    }

    [Fact]
    public async Task Request_for_a_direct_reply_without_a_reply_consumer_closes_the_channel_406()
    {
        var q = Queue("dr-noconsumer");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var ch = await Connection.CreateChannelAsync();
        var closed = ShutdownOf(ch);
        await ch.BasicPublishAsync("", q, false, new BasicProperties { ReplyTo = PseudoQueue }, Utf8("request"));
        var reason = await Within(closed);
        Assert.Equal(406, reason.ReplyCode);
        Assert.Equal(0u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task After_cancel_a_mandatory_reply_is_returned_and_the_publisher_confirmed()
    {
        var client = await Connection.CreateChannelAsync();
        var sink = new DeliverySink(client);
        string tag = await client.BasicConsumeAsync(PseudoQueue, true, sink.Consumer);
        var (_, address) = await RequestAsync(client, "dr-cancel", "c");
        await client.BasicCancelAsync(tag);

        await using var serverConnection = await Broker.ConnectAsync();
        await using var server = await serverConnection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var returned = new TaskCompletionSource<BasicReturnEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.BasicReturnAsync += (_, e) =>
        {
            returned.TrySetResult(e);
            return Task.CompletedTask;
        };
        // Returned, then acked: the client reports the return as the publish's outcome.
        var error = await Assert.ThrowsAsync<PublishException>(async () =>
            await server.BasicPublishAsync("", address, true, new BasicProperties(), Utf8("late reply")));
        Assert.True(error.IsReturn);
        var e = await Within(returned.Task);
        Assert.Equal(312, e.ReplyCode);
        Assert.Equal(address, e.RoutingKey);
        Assert.Equal(0, sink.Pending);
    }

    [Fact]
    public async Task Reply_to_an_address_of_a_closed_channel_is_dropped_and_the_connection_lives_on()
    {
        var client = await Connection.CreateChannelAsync();
        await ConsumeAsync(client, PseudoQueue, autoAck: true);
        var (_, address) = await RequestAsync(client, "dr-closed", "c");
        await client.CloseAsync();

        await Channel.BasicPublishAsync("", address, Utf8("nobody listens"));
        var fresh = await Connection.CreateChannelAsync();
        var replies = await ConsumeAsync(fresh, PseudoQueue, autoAck: true);
        var (_, newAddress) = await RequestAsync(fresh, "dr-closed2", "d");
        Assert.NotEqual(address, newAddress);
        await Channel.BasicPublishAsync("", newAddress, Utf8("to the new one"));
        Assert.Equal("to the new one", (await replies.ReceiveAsync()).Text);
        Assert.Equal(0, replies.Pending);
    }
}
