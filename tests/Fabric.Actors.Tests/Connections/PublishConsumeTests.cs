using System.Runtime.InteropServices;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.Security;
using Fabric.Broker.Security.Events;
using Fabric.Configuration;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

using Fabric.TestKit;

public sealed class PublishConsumeTests : ConnectionTestBase
{
    private static Message Text(string body) => new("", "q", new byte[] { 0, 0 }, Encoding.UTF8.GetBytes(body));

    /// <summary>An open connection with channel 1, and a queue "q" played by a probe.</summary>
    private async Task<(PipeClient Client, TestProbe Queue)> ChannelWithQueueAsync()
    {
        var queue = CreateTestProbe();
        VirtualHost.AddQueue("q", queue);
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        return (client, queue);
    }

    private static async Task<QueueConsume> ConsumeAsync(PipeClient client, TestProbe queue, string tag)
    {
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q", ConsumerTag = tag });
        var consume = await queue.ExpectMsgAsync<QueueConsume>();
        queue.Reply(QueueReply.Ok);
        Assert.Equal(tag, (await client.ExpectMethodAsync<BasicConsumeOk>()).ConsumerTag);
        return consume;
    }

    [Fact]
    public async Task Publish_reaches_the_queue_with_its_body_and_properties()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.PublishAsync(1, "", "q", "hello");
        var publish = await queue.ExpectMsgAsync<QueuePublish>();
        Assert.Equal("hello", Encoding.UTF8.GetString(publish.Message.Body.Span));
        Assert.Equal("q", publish.Message.RoutingKey);
        Assert.Null(publish.ConfirmTo);
    }

    [Fact]
    public async Task Body_split_over_many_frames_is_assembled_once()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        string body = new('x', 20000);
        await client.PublishAsync(1, "", "q", body, frameMax: 4096);
        var publish = await queue.ExpectMsgAsync<QueuePublish>();
        Assert.Equal(body, Encoding.UTF8.GetString(publish.Message.Body.Span));
    }

    [Fact]
    public async Task Confirms_follow_the_queues_answers_and_unroutable_is_returned_then_acked()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SelectConfirmsAsync(1);

        await client.PublishAsync(1, "", "q", "one");
        await client.PublishAsync(1, "", "q", "two");
        var first = await queue.ExpectMsgAsync<QueuePublish>();
        var second = await queue.ExpectMsgAsync<QueuePublish>();
        Assert.Equal((1ul, 2ul), (first.SeqNo, second.SeqNo));
        first.ConfirmTo!.Tell(new QueuePublishConfirmed(1, 2, true));
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        first.ConfirmTo.Tell(new QueuePublishConfirmed(1, 1, true));
        var ack = await client.ExpectMethodAsync<BasicAck>();
        Assert.Equal(2ul, ack.DeliveryTag);
        Assert.True(ack.Multiple);

        await client.PublishAsync(1, "", "nowhere", "lost", mandatory: true);
        var returned = await client.ExpectMethodAsync<BasicReturn>();
        Assert.Equal(ReplyCode.NoRoute, returned.ReplyCode);
        Assert.Equal("NO_ROUTE", returned.ReplyText);
        var header = await client.ReadFrameAsync();
        Assert.Equal(FrameType.Header, header!.Type);
        var bodyFrame = await client.ReadFrameAsync();
        Assert.Equal("lost", Encoding.UTF8.GetString(bodyFrame!.Payload));
        Assert.Equal(3ul, (await client.ExpectMethodAsync<BasicAck>()).DeliveryTag);
    }

    [Fact]
    public async Task A_queue_refusing_a_message_nacks_it()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SelectConfirmsAsync(1);
        await client.PublishAsync(1, "", "q", "one");
        var publish = await queue.ExpectMsgAsync<QueuePublish>();
        publish.ConfirmTo!.Tell(new QueuePublishConfirmed(1, 1, false));
        Assert.Equal(1ul, (await client.ExpectMethodAsync<BasicNack>()).DeliveryTag);
    }

    [Fact]
    public async Task Consume_deliver_ack_and_channel_close_reach_the_queue()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SendMethodAsync(1, new BasicQos { PrefetchCount = 5 });
        await client.ExpectMethodAsync<BasicQosOk>();
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q" });
        var consume = await queue.ExpectMsgAsync<QueueConsume>();
        Assert.StartsWith("amq.ctag-", consume.ConsumerTag);
        Assert.Equal((ushort)5, consume.Prefetch);
        Assert.Equal((ushort)0, consume.ChannelPrefetch);
        queue.Reply(QueueReply.Ok);
        Assert.Equal(consume.ConsumerTag, (await client.ExpectMethodAsync<BasicConsumeOk>()).ConsumerTag);

        consume.Connection.Tell(new QueueDeliver(1, consume.ConsumerTag, "q", 77, Text("m1"), false));
        consume.Connection.Tell(new QueueDeliver(1, consume.ConsumerTag, "q", 78, Text("m2"), true));
        var (deliver, body) = await client.ExpectDeliveryAsync();
        Assert.Equal((1ul, "q", "m1"), (deliver.DeliveryTag, deliver.RoutingKey, body));
        var (second, _) = await client.ExpectDeliveryAsync();
        Assert.Equal(2ul, second.DeliveryTag);
        Assert.True(second.Redelivered);

        await client.SendMethodAsync(1, new BasicAck { DeliveryTag = 2, Multiple = true });
        var settle = await queue.ExpectMsgAsync<QueueSettle>();
        Assert.Equal(SettleKind.Ack, settle.Kind);
        Assert.Equal(new long[] { 77, 78 }, settle.MessageIds);

        await client.SendMethodAsync(1, new ChannelClose { ReplyCode = 200 });
        await queue.ExpectMsgAsync<QueueChannelClosed>(c => c.ChannelKey == consume.ChannelKey);
    }

    [Fact]
    public async Task Global_qos_is_a_channel_limit_and_per_consumer_qos_stays_apart()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SendMethodAsync(1, new BasicQos { PrefetchCount = 3, Global = true });
        await client.ExpectMethodAsync<BasicQosOk>();
        await client.SendMethodAsync(1, new BasicQos { PrefetchCount = 10 });
        await client.ExpectMethodAsync<BasicQosOk>();
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q" });
        var consume = await queue.ExpectMsgAsync<QueueConsume>();
        Assert.Equal((10, 3), (consume.Prefetch, consume.ChannelPrefetch));
        queue.Reply(QueueReply.Ok);
        await client.ExpectMethodAsync<BasicConsumeOk>();
    }

    [Fact]
    public async Task Nack_and_reject_requeue_or_discard()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        var consume = await ConsumeAsync(client, queue, "c1");
        consume.Connection.Tell(new QueueDeliver(1, "c1", "q", 1, Text("a"), false));
        consume.Connection.Tell(new QueueDeliver(1, "c1", "q", 2, Text("b"), false));
        Assert.Equal("a", (await client.ExpectDeliveryAsync()).Body);
        Assert.Equal("b", (await client.ExpectDeliveryAsync()).Body);

        await client.SendMethodAsync(1, new BasicReject { DeliveryTag = 1, Requeue = true });
        Assert.Equal(SettleKind.Requeue, (await queue.ExpectMsgAsync<QueueSettle>()).Kind);
        await client.SendMethodAsync(1, new BasicNack { DeliveryTag = 2, Requeue = false });
        Assert.Equal(SettleKind.Discard, (await queue.ExpectMsgAsync<QueueSettle>()).Kind);
    }

    [Fact]
    public async Task Duplicate_consumer_tag_is_530()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await ConsumeAsync(client, queue, "same");
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q", ConsumerTag = "same" });
        Assert.Equal(ReplyCode.NotAllowed, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Queue_refusing_a_consumer_closes_the_channel_with_its_error()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q", Exclusive = true });
        await queue.ExpectMsgAsync<QueueConsume>();
        queue.Reply(new QueueReply(new AmqpProtocolException(ReplyCode.AccessRefused, "queue 'q' in vhost '/' in exclusive use")));
        var close = await client.ExpectMethodAsync<ChannelClose>();
        Assert.Equal(ReplyCode.AccessRefused, close.ReplyCode);
        Assert.Equal((60, 20), (close.ClassId, close.MethodId));
    }

    [Fact]
    public async Task Server_cancel_is_notified()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        var consume = await ConsumeAsync(client, queue, "c");
        consume.Connection.Tell(new QueueConsumerCancelled(1, "c"));
        Assert.Equal("c", (await client.ExpectMethodAsync<BasicCancel>()).ConsumerTag);
    }

    [Fact]
    public async Task Client_cancel_waits_for_the_queue()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await ConsumeAsync(client, queue, "c");
        await client.SendMethodAsync(1, new BasicCancel { ConsumerTag = "c" });
        await queue.ExpectMsgAsync<QueueCancel>(c => c.ConsumerTag == "c");
        queue.Reply(QueueReply.Ok);
        Assert.Equal("c", (await client.ExpectMethodAsync<BasicCancelOk>()).ConsumerTag);
    }

    [Fact]
    public async Task Get_returns_a_message_or_empty()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SendMethodAsync(1, new BasicGet { Queue = "q" });
        await queue.ExpectMsgAsync<QueueGet>();
        queue.Reply(new QueueGetOk("q", 5, Text("got"), false, 3));
        var ok = await client.ExpectMethodAsync<BasicGetOk>();
        Assert.Equal((1ul, 3u), (ok.DeliveryTag, ok.MessageCount));
        await client.ReadFrameAsync();
        Assert.Equal("got", Encoding.UTF8.GetString((await client.ReadFrameAsync())!.Payload));

        await client.SendMethodAsync(1, new BasicGet { Queue = "q" });
        await queue.ExpectMsgAsync<QueueGet>();
        queue.Reply(new QueueGetEmpty("q"));
        await client.ExpectMethodAsync<BasicGetEmpty>();

        await client.SendMethodAsync(1, new BasicAck { DeliveryTag = 1 });
        Assert.Equal(new long[] { 5 }, (await queue.ExpectMsgAsync<QueueSettle>()).MessageIds);
    }

    [Fact]
    public async Task Transaction_holds_publishes_until_commit()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.SendMethodAsync(1, new TxSelect());
        await client.ExpectMethodAsync<TxSelectOk>();
        await client.PublishAsync(1, "", "q", "dropped");
        await client.SendMethodAsync(1, new TxRollback());
        await client.ExpectMethodAsync<TxRollbackOk>();
        await client.PublishAsync(1, "", "q", "kept");
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await client.SendMethodAsync(1, new TxCommit());
        await client.ExpectMethodAsync<TxCommitOk>();
        var publish = await queue.ExpectMsgAsync<QueuePublish>();
        Assert.Equal("kept", Encoding.UTF8.GetString(publish.Message.Body.Span));
        await client.SendMethodAsync(1, new ConfirmSelect());
        Assert.Equal(ReplyCode.PreconditionFailed, (await client.ExpectMethodAsync<ChannelClose>()).ReplyCode);
    }

    [Fact]
    public async Task Server_named_queue_declare_waits_for_the_vhost_and_names_it_amq_gen()
    {
        VirtualHost.QueueFactory = _ => CreateTestProbe();
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new QueueDeclare { Exclusive = true });
        await client.SendMethodAsync(1, new QueueDeclare { Queue = "", Passive = true });
        var ok = await client.ExpectMethodAsync<QueueDeclareOk>();
        Assert.StartsWith("amq.gen-", ok.Queue);
        Assert.Equal(ok.Queue, (await client.ExpectMethodAsync<QueueDeclareOk>()).Queue);
        await client.SendMethodAsync(1, new ExchangeDeclare { Exchange = "x", Type = "direct" });
        await client.ExpectMethodAsync<ExchangeDeclareOk>();
    }

    [Fact]
    public async Task Missing_permission_is_403_on_the_channel()
    {
        var client = Connect();
        await client.StartAsync("limited", "secret");
        await client.OpenAsync();
        await client.ExpectMethodAsync<ConnectionOpenOk>();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new QueueDeclare { Queue = "mine" });
        var close = await client.ExpectMethodAsync<ChannelClose>();
        Assert.Equal(ReplyCode.AccessRefused, close.ReplyCode);
        Assert.Equal("ACCESS_REFUSED - access to queue 'mine' in vhost '/' refused for user 'limited'", close.ReplyText);
    }

    [Fact]
    public async Task A_permission_change_reaches_a_channel_that_published_before()
    {
        var auth = new AuthSettings(["PLAIN"], [],
            [new UserSettings("guest", "guest", [])], ["/"], [new PermissionSettings("guest", "/", ".*", ".*", ".*")]);
        var access = new AccessControl(auth);
        Broker.Access = access;
        var (client, queue) = await ChannelWithQueueAsync();
        await client.PublishAsync(1, "", "q", "granted");
        await queue.ExpectMsgAsync<QueuePublish>();
        await client.PublishAsync(1, "", "q", "still granted"); // the channel's cached grant
        await queue.ExpectMsgAsync<QueuePublish>();

        var definitions = new SecurityDefinitions();
        foreach (var e in definitions.EventsToApply(auth)) definitions.Apply(e);
        definitions.Apply(new PermissionsSet("guest", "/", ".*", "^nothing$", ".*"));
        access.Publish(definitions.ToState());
        await client.PublishAsync(1, "", "q", "refused");
        var close = await client.ExpectMethodAsync<ChannelClose>();
        Assert.Equal(ReplyCode.AccessRefused, close.ReplyCode);
        Assert.Contains("exchange 'amq.default'", close.ReplyText, StringComparison.Ordinal);
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_published_message_keeps_properties_and_body_in_one_buffer()
    {
        var (client, queue) = await ChannelWithQueueAsync();
        await client.PublishAsync(1, "", "q", "one buffer", frameMax: 4096);
        var message = (await queue.ExpectMsgAsync<QueuePublish>()).Message;
        Assert.Equal("one buffer", Encoding.UTF8.GetString(message.Body.Span));
        Assert.True(MemoryMarshal.TryGetArray(message.Properties, out var properties));
        Assert.True(MemoryMarshal.TryGetArray(message.Body, out var body));
        Assert.Same(properties.Array, body.Array);
        Assert.Equal(properties.Offset + properties.Count, body.Offset);
    }
}
