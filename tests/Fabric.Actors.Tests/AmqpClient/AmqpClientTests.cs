using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Client;
using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;
using Xunit;

namespace Fabric.Actors.Tests.AmqpClient;

[Trait("Requires", "broker")]
public sealed class AmqpClientTests
{
    [Fact]
    public async Task Publish_with_confirms_then_consume_round_trips_body_and_properties()
    {
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).Queue;
        await channel.ConfirmSelectAsync();
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = 2,
            CorrelationId = "c-1",
            Headers = new FieldTableBuilder().Add("k", "v").Build(),
        };

        await channel.PublishAsync("", queue, Encoding.UTF8.GetBytes("{\"a\":1}"), properties).WaitAsync(TestBroker.Wait);
        var consumer = await channel.BasicConsumeAsync(queue);
        var delivery = await consumer.Deliveries.ReadAsync().AsTask().WaitAsync(TestBroker.Wait);

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(delivery.Body.Span));
        Assert.Equal("application/json", delivery.Properties.ContentType);
        Assert.Equal((byte)2, delivery.Properties.DeliveryMode);
        Assert.Equal("c-1", delivery.Properties.CorrelationId);
        Assert.True(delivery.Properties.Headers!.TryGetString("k", out var v));
        Assert.Equal("v", v);
        Assert.Equal(queue, delivery.RoutingKey);
        channel.BasicAck(delivery.DeliveryTag);
        await consumer.CancelAsync();
        Assert.Equal(0u, await channel.QueueDeleteAsync(queue));
    }

    [Fact]
    public async Task Bodies_larger_than_frame_max_are_split_and_reassembled()
    {
        await using var connection = await AmqpConnection.ConnectAsync(TestBroker.Options with { FrameMax = 4096 });
        Assert.Equal(4096u, connection.FrameMax);
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).Queue;
        var body = new byte[100_000];
        new Random(7).NextBytes(body);
        await channel.ConfirmSelectAsync();
        await channel.PublishAsync("", queue, body).WaitAsync(TestBroker.Wait);
        var consumer = await channel.BasicConsumeAsync(queue, autoAck: true);
        var delivery = await consumer.Deliveries.ReadAsync().AsTask().WaitAsync(TestBroker.Wait);
        Assert.True(delivery.Body.Span.SequenceEqual(body));
    }

    [Fact]
    public async Task Many_concurrent_confirmed_publishes_all_complete()
    {
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).Queue;
        await channel.ConfirmSelectAsync();
        var tasks = new Task[500];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = channel.PublishAsync("", queue, Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await Task.WhenAll(tasks).WaitAsync(TestBroker.Wait);
        Assert.Equal(0, channel.UnconfirmedCount);
        var declared = await channel.QueueDeclareAsync(queue, passive: true);
        Assert.Equal(500u, declared.MessageCount);
    }

    [Fact]
    public async Task Unroutable_mandatory_publish_faults_with_returned_and_raises_the_event()
    {
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ConfirmSelectAsync();
        var returned = new TaskCompletionSource<AmqpReturnedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Returned += (_, message) => returned.TrySetResult(message);
        string missing = TestBroker.UniqueName("no-such-queue");

        var error = await Assert.ThrowsAsync<AmqpMessageReturnedException>(
            () => channel.PublishAsync("", missing, "x"u8.ToArray(), mandatory: true).WaitAsync(TestBroker.Wait));
        Assert.Equal(ReplyCode.NoRoute, error.ReplyCode);
        var message = await returned.Task.WaitAsync(TestBroker.Wait);
        Assert.Equal(missing, message.RoutingKey);
        Assert.Equal("x", Encoding.UTF8.GetString(message.Body.Span));

        // Not mandatory: silently dropped, confirmed.
        await channel.PublishAsync("", missing, "y"u8.ToArray()).WaitAsync(TestBroker.Wait);
    }

    [Fact]
    public async Task A_rejected_publish_faults_with_nacked_and_others_still_complete()
    {
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var full = new FieldTableBuilder().Add("x-max-length", 1).Add("x-overflow", "reject-publish").Build();
        var queue = (await channel.QueueDeclareAsync(exclusive: true, arguments: full)).Queue;
        await channel.ConfirmSelectAsync();

        await channel.PublishAsync("", queue, "1"u8.ToArray()).WaitAsync(TestBroker.Wait);
        var rejected = channel.PublishAsync("", queue, "2"u8.ToArray());
        var error = await Assert.ThrowsAsync<AmqpPublishNackedException>(() => rejected.WaitAsync(TestBroker.Wait));
        Assert.Equal(2ul, error.SequenceNumber);
        Assert.Equal(1u, await channel.QueuePurgeAsync(queue));
        await channel.PublishAsync("", queue, "3"u8.ToArray()).WaitAsync(TestBroker.Wait);
    }

    [Fact]
    public async Task Channel_error_surfaces_reply_code_and_leaves_the_connection_usable()
    {
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var error = await Assert.ThrowsAsync<AmqpProtocolException>(
            () => channel.QueueDeclareAsync(TestBroker.UniqueName("missing"), passive: true).WaitAsync(TestBroker.Wait));
        Assert.Equal(ReplyCode.NotFound, error.ReplyCode);
        Assert.False(channel.IsOpen);
        Assert.Same(error, await channel.Completion.WaitAsync(TestBroker.Wait));
        await Assert.ThrowsAsync<AmqpProtocolException>(() => channel.QueueDeclareAsync("x"));

        var other = await connection.CreateChannelAsync();
        var ok = await other.QueueDeclareAsync(exclusive: true);
        Assert.StartsWith("amq.gen-", ok.Queue, StringComparison.Ordinal);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Connection_error_closes_everything_with_the_reply_code()
    {
        var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).Queue;
        var consumer = await channel.BasicConsumeAsync(queue);

        // An exchange type the broker does not know is a hard error (503 COMMAND_INVALID).
        var error = await Assert.ThrowsAsync<AmqpProtocolException>(
            () => channel.ExchangeDeclareAsync(TestBroker.UniqueName("x"), "no-such-type").WaitAsync(TestBroker.Wait));
        Assert.Equal(ReplyCode.CommandInvalid, error.ReplyCode);
        var reason = await connection.Completion.WaitAsync(TestBroker.Wait);
        Assert.IsType<AmqpProtocolException>(reason);
        Assert.False(connection.IsOpen);
        await Assert.ThrowsAsync<AmqpProtocolException>(() => consumer.Deliveries.Completion.WaitAsync(TestBroker.Wait));
    }

    [Fact]
    public async Task Clean_close_completes_with_no_reason_and_rejects_further_use()
    {
        var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        Exception? seen = new InvalidOperationException("not raised");
        connection.Closed += (_, reason) => seen = reason;
        await channel.CloseAsync();
        Assert.False(channel.IsOpen);
        await connection.CloseAsync();
        Assert.Null(await connection.Completion.WaitAsync(TestBroker.Wait));
        Assert.Null(seen);
        await Assert.ThrowsAsync<AmqpClosedException>(() => connection.CreateChannelAsync());
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_403()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => AmqpConnection.ConnectAsync(TestBroker.Options with { Password = "wrong-password" }));
        var protocol = Assert.IsType<AmqpProtocolException>(error);
        Assert.Equal(ReplyCode.AccessRefused, protocol.ReplyCode);
    }

    [Fact]
    public async Task Broker_cancelling_a_consumer_completes_its_reader()
    {
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = TestBroker.UniqueName("cancelled");
        await channel.QueueDeclareAsync(queue);
        var consumer = await channel.BasicConsumeAsync(queue);
        var admin = await connection.CreateChannelAsync();
        await admin.QueueDeleteAsync(queue);
        await Assert.ThrowsAsync<AmqpConsumerCancelledException>(() => consumer.Deliveries.Completion.WaitAsync(TestBroker.Wait));
        Assert.True(channel.IsOpen);
    }
}
